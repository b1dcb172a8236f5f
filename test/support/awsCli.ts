// Which AWS CLI reads the endpoint variables (AWS_ENDPOINT_URL_<SERVICE>) by itself: v2 from 2.13, v1 from 1.29.
// Debian 12's awscli (/usr/bin/aws, 2.9) predates them; the `aws` first on PATH may be any other install.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cli` with the process environment changed by `overrides` (null removes a variable), as a terminal would. */
export function runAwsCli(cli: string, args: string[], overrides: Record<string, string | null | undefined>): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (typeof v === 'string') env[k] = v;
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null || v === undefined) delete env[k];
    else env[k] = v;
  }
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.AWS_PAGER = '';
  return new Promise((resolve, reject) => {
    const child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`awscli is needed at ${cli} (apt-get install awscli): ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** The CLI's version, e.g. [2, 9, 19], or undefined when it does not run. */
export async function awsCliVersion(cli: string): Promise<[number, number, number] | undefined> {
  const out = await runAwsCli(cli, ['--version'], {}).catch(() => undefined);
  const m = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(`${out?.stdout ?? ''} ${out?.stderr ?? ''}`);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The first AWS CLI (/usr/bin/aws, then PATH) that reads AWS_ENDPOINT_URL_<SERVICE>, with its version. */
export async function endpointAwareAwsCli(): Promise<{ cli: string; version: string } | undefined> {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const cli of [...new Set(dirs.map((d) => path.join(d, 'aws')))]) {
    if (!fs.existsSync(cli)) continue;
    const v = await awsCliVersion(cli);
    if (!v) continue;
    const [major, minor] = v;
    if ((major === 2 && minor >= 13) || (major === 1 && minor >= 29) || major > 2) return { cli, version: v.join('.') };
  }
  return undefined;
}
