// Installs code-server (a real VS Code 1.100 with a Node extension host) on demand into an ignored cache folder,
// so `npm ci` does not pay ~300 MB for it. The install is staged in a sibling folder and renamed into place, so an
// interrupted install never looks complete.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerCache } from './paths';
import { runToEnd } from './processes';

export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep release code-server 4.100.3 depends on, and the binary its postinstall would download. */
const RIPGREP_CACHE = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

export interface CodeServerInstall {
  /** The script to run with `node` (code-server's own bin entry). */
  entry: string;
  version: string;
}

function installedAt(prefix: string): CodeServerInstall | undefined {
  const pkgFile = path.join(prefix, 'node_modules', 'code-server', 'package.json');
  try {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { version?: string; bin?: Record<string, string> | string };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.['code-server'] ?? 'out/node/entry.js');
    const entry = path.join(prefix, 'node_modules', 'code-server', bin);
    if (pkg.version === CODE_SERVER_VERSION && fs.existsSync(entry)) return { entry, version: pkg.version };
  } catch {
    /* not installed */
  }
  return undefined;
}

/** Returns the installed code-server, installing it first when missing or of another version. */
export async function ensureCodeServer(log: (line: string) => void = console.log): Promise<CodeServerInstall> {
  const existing = installedAt(codeServerCache);
  if (existing) return existing;

  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`code-server install: this harness seeds ripgrep for linux-x64 only (here: ${process.platform}-${process.arch}); use npm run test:desktop instead`);
  }
  seedRipgrepCache();

  const started = Date.now();
  const staging = `${codeServerCache}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${path.relative(process.cwd(), codeServerCache) || codeServerCache} (one time, ~1 min)…`);
  try {
    await runToEnd(
      'npm install code-server',
      'npm',
      ['install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
      6 * 60_000,
      // unsafe-perm: as root, code-server's postinstall refuses to run otherwise. yes: node-pty's postinstall runs
      // `npx node-gyp`, which without a terminal cancels instead of asking.
      { env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' } },
    );
    if (!installedAt(staging)) throw new Error('npm finished but code-server is not where expected');
    fs.rmSync(codeServerCache, { recursive: true, force: true });
    fs.renameSync(staging, codeServerCache);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const done = installedAt(codeServerCache);
  if (!done) throw new Error(`code-server install: ${codeServerCache} is incomplete after install`);
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return done;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here. It first looks in its cache
 * folder, so put a tar.gz holding just Debian's `rg` there.
 */
function seedRipgrepCache(): void {
  if (fs.existsSync(RIPGREP_CACHE)) return;
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) throw new Error('code-server install: ripgrep is missing; install it first (apt-get install -y ripgrep)');
  fs.mkdirSync(path.dirname(RIPGREP_CACHE), { recursive: true });
  const tmp = `${RIPGREP_CACHE}.${process.pid}.tmp`;
  // Synchronous on purpose: the archive is a few MB and must exist before npm starts.
  execFileSync('tar', ['-czf', tmp, '-C', path.dirname(rg), path.basename(rg)], { timeout: 30_000 });
  fs.renameSync(tmp, RIPGREP_CACHE);
}
