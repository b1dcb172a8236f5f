// What a chain terminal needs to follow roleChains.endpoints.*: without it, `aws` in that terminal asks real AWS
// (with a local endpoint's credentials) while the extension talks to LocalStack, MinIO, Ceph or the demo's endpoint.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Endpoints } from './endpoints';

/**
 * The AWS config file a terminal reads when S3 needs path-style addressing: how to address buckets and nothing else
 * (no credentials, no profile). Current SDKs and AWS CLIs (v2 ≥ 2.13, v1 ≥ 1.29) read the endpoint variables below
 * but have no variable for the addressing style.
 */
export const PATH_STYLE_CONFIG = [
  '# Written by AWS Role Chains for its terminals: how to address S3 buckets. No credentials.',
  '[default]',
  's3 =',
  '    addressing_style = path',
  '',
].join('\n');

/**
 * The variables a chain terminal gets for the trusted, machine-scoped endpoints (none when none are set).
 * `pathStyleConfigFile` is where PATH_STYLE_CONFIG is written when path-style is on: it replaces the hidden config
 * path, so it must lie where only the extension writes (its private storage) and is rewritten on every use.
 */
export function terminalEndpointEnv(endpoints: Endpoints, pathStyleConfigFile: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (endpoints.sts) env.AWS_ENDPOINT_URL_STS = endpoints.sts;
  if (endpoints.s3) {
    env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
    if (endpoints.forcePathStyle) env.AWS_CONFIG_FILE = pathStyleConfigFile;
  }
  return env;
}

/** terminalEndpointEnv, writing the path-style config file first when the environment names it. */
export function prepareTerminalEndpointEnv(endpoints: Endpoints, pathStyleConfigFile: string): Record<string, string> {
  const env = terminalEndpointEnv(endpoints, pathStyleConfigFile);
  if (env.AWS_CONFIG_FILE) {
    fs.mkdirSync(path.dirname(pathStyleConfigFile), { recursive: true, mode: 0o700 });
    // Replaced, never written through: whatever lies there (another mode, a link) is not ours to keep. A fresh file
    // renamed over it also keeps two terminals opening at once from seeing half a file.
    const fresh = `${pathStyleConfigFile}.${process.pid}.${randomUUID()}`;
    fs.writeFileSync(fresh, PATH_STYLE_CONFIG, { mode: 0o600, flag: 'wx' });
    fs.renameSync(fresh, pathStyleConfigFile);
  }
  return env;
}
