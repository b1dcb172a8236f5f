// Debian's awscli v2 (/usr/bin/aws, not whatever `aws` comes first on PATH) as the reference transfer engine.
// It gets its credentials as environment variables only, and a temporary HOME and config whose S3 settings are
// the CLI's documented defaults spelled out (8 MiB parts, 10 requests at once).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REGION, type TempCredentials } from './credentials';

export const AWS_CLI = '/usr/bin/aws';
const CLI_TIMEOUT_MS = 10 * 60_000;

export interface AwsCli {
  version: string;
  /** Runs `aws --endpoint-url … <args>`; resolves with its wall time (start-up included), rejects on failure. */
  run(args: string[]): Promise<number>;
}

export async function createAwsCli(home: string, endpoint: string, credentials: TempCredentials): Promise<AwsCli> {
  if (!existsSync(AWS_CLI)) throw new Error(`${AWS_CLI} is missing: install Debian's awscli (apt-get install -y awscli)`);
  await mkdir(home, { recursive: true });
  const config = path.join(home, 'config');
  await writeFile(
    config,
    `[default]\nregion = ${REGION}\ns3 =\n  max_concurrent_requests = 10\n  multipart_threshold = 8MB\n  multipart_chunksize = 8MB\n`,
  );
  await writeFile(path.join(home, 'credentials'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };

  const exec = (args: string[]): Promise<{ ms: number; stdout: string }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(AWS_CLI, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        const ms = performance.now() - started;
        if (code === 0) resolve({ ms, stdout });
        else reject(new Error(`aws ${args.filter((a) => /^[a-z]/.test(a)).slice(0, 2).join(' ')} failed (${signal ?? code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });

  const version = (await exec(['--version'])).stdout.trim();
  return {
    version,
    run: async (args) => (await exec(['--endpoint-url', endpoint, '--no-cli-pager', ...args])).ms,
  };
}
