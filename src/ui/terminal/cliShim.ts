// The `aws` a chain terminal finds first on its PATH when custom endpoints are set. AWS CLIs before v2.13 (v1 before
// 1.29), Debian 12's awscli 2.9 among them, ignore AWS_ENDPOINT_URL_<SERVICE> and would send the terminal's
// credentials to AWS's own endpoints; no config file setting helps them either (endpoint_url arrived with the same
// releases). The shim asks the real CLI its version once per window and, only for such an old CLI, adds
// `--endpoint-url` from the variable of the command's service; a newer CLI gets the command line unchanged.
// No vscode import: plain Node tests run the script against stand-in CLIs.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The services whose endpoint variables chain terminals get (terminalEndpointEnv), by CLI command. */
const SERVICES: ReadonlyArray<[commands: string, variable: string]> = [
  ['s3|s3api', 'AWS_ENDPOINT_URL_S3'],
  ['sts', 'AWS_ENDPOINT_URL_STS'],
];

/** Global options that take a value: the word after them is not the service. */
const VALUE_OPTIONS = ['--profile', '--region', '--output', '--query', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format'];

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The POSIX sh script for `<dir>/aws`; it holds no secret (it reads the endpoint variables when it runs). */
export function cliShimScript(dir: string): string {
  return [
    '#!/bin/sh',
    '# Written by AWS Role Chains for its terminals (no credentials here). AWS CLIs before 2.13 (v1: 1.29) ignore',
    '# AWS_ENDPOINT_URL_S3/_STS: for them this adds --endpoint-url from that variable to s3, s3api and sts commands',
    '# that name none. Everything else goes to the next aws on PATH unchanged.',
    `here=${shellQuote(dir)}`,
    'real=',
    'saved_ifs=$IFS',
    'IFS=:',
    'for d in $PATH; do',
    '  [ -z "$d" ] && d=.',
    '  [ "$d" = "$here" ] && continue',
    '  if [ -f "$d/aws" ] && [ -x "$d/aws" ]; then real=$d/aws; break; fi',
    'done',
    'IFS=$saved_ifs',
    'if [ -z "$real" ]; then',
    '  echo "aws: no AWS CLI found on PATH (AWS Role Chains only adds this wrapper in front of one)" >&2',
    '  exit 127',
    'fi',
    'service=',
    'named=',
    'skip=',
    'for a in "$@"; do',
    '  if [ -n "$skip" ]; then skip=; continue; fi',
    '  case $a in',
    '    --endpoint-url|--endpoint-url=*) named=1 ;;',
    `    ${VALUE_OPTIONS.join('|')}) [ -z "$service" ] && skip=1 ;;`,
    '    -*) ;;',
    '    *) [ -z "$service" ] && service=$a ;;',
    '  esac',
    'done',
    'case $service in',
    ...SERVICES.map(([commands, variable]) => `  ${commands}) url=\${${variable}:-} ;;`),
    '  *) url= ;;',
    'esac',
    'case ${AWS_IGNORE_CONFIGURED_ENDPOINT_URLS:-} in [Tt][Rr][Uu][Ee]) url= ;; esac',
    'if [ -n "$url" ] && [ -z "$named" ]; then',
    '  # One version check per CLI and window (about a second); the answer is kept beside this script.',
    '  memo="$here/ignores-env-$(printf %s "$real" | cksum | cut -d" " -f1)"',
    '  if [ ! -f "$memo" ]; then',
    '    version=$("$real" --version 2>&1 | sed -n "s/.*aws-cli\\/\\([0-9]*\\)\\.\\([0-9]*\\)\\..*/\\1 \\2/p" | head -n 1)',
    '    old=no',
    '    case $version in',
    '      "1 "*) [ "${version#1 }" -lt 29 ] && old=yes ;;',
    '      "2 "*) [ "${version#2 }" -lt 13 ] && old=yes ;;',
    '    esac',
    '    printf %s "$old" > "$memo.$$" && mv -f "$memo.$$" "$memo"',
    '  fi',
    '  if [ "$(cat "$memo" 2>/dev/null)" = yes ]; then exec "$real" --endpoint-url "$url" "$@"; fi',
    'fi',
    'exec "$real" "$@"',
    '',
  ].join('\n');
}

/**
 * Writes the shim into `dir` (made private: whatever is on a terminal's PATH runs as you) and returns `dir`. The file is
 * replaced through a rename, so a terminal starting meanwhile never runs half a script; the version answers kept
 * beside it are cleared, as the CLI may have changed since the last window.
 */
export function writeCliShim(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of fs.readdirSync(dir)) if (f.startsWith('ignores-env-')) fs.rmSync(path.join(dir, f), { force: true });
  const fresh = path.join(dir, `.aws.${process.pid}.${randomUUID()}`);
  fs.writeFileSync(fresh, cliShimScript(dir), { mode: 0o700, flag: 'wx' });
  fs.renameSync(fresh, path.join(dir, 'aws'));
  return dir;
}

/** The PATH a chain terminal gets: the shim's folder first, when the environment names an endpoint it serves. */
export function shimmedPath(env: Readonly<Record<string, string | null | undefined>>, shimDir: string, inheritedPath: string): string | undefined {
  if (!SERVICES.some(([, variable]) => env[variable])) return undefined;
  return inheritedPath ? `${shimDir}${path.delimiter}${inheritedPath}` : shimDir;
}
