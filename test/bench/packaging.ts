// Case 9's build, and the bundle every other case measures: `npm run package` (production esbuild + vsce) in a
// staged copy of the sources, so the shared dist/ of the working tree is never rebuilt under other runs' feet.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/paths';
import { runToEnd } from '../harness/processes';

/** What `npm run package` reads: the manifest, the build script, the sources and what the .vsix ships. */
const STAGED = ['package.json', 'package.nls.json', 'package-lock.json', 'esbuild.mjs', 'tsconfig.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media', 'l10n', 'src'];
const PACKAGE_TIMEOUT_MS = 3 * 60_000;

export interface PackagedExtension {
  /** The staged extension folder (its dist/ holds the production bundles; usable as extensionDevelopmentPath). */
  stageDir: string;
  distDir: string;
  vsixPath: string;
  vsixBytes: number;
  bundles: Array<{ file: string; bytes: number }>;
  buildMs: number;
}

export async function packageExtension(tmp: string): Promise<PackagedExtension> {
  const stageDir = path.join(tmp, 'extension');
  fs.mkdirSync(stageDir, { recursive: true });
  for (const entry of STAGED) {
    const from = path.join(repoRoot, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stageDir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stageDir, 'node_modules'), 'dir');
  const vsixPath = path.join(tmp, 'aws-role-chains.vsix');
  const started = performance.now();
  await runToEnd('npm run package', 'npm', ['run', '-s', 'package', '--', '-o', vsixPath], PACKAGE_TIMEOUT_MS, { cwd: stageDir });
  const buildMs = performance.now() - started;
  const distDir = path.join(stageDir, 'dist');
  // dist/testing.js is built but not packaged: only what the .vsix ships is listed.
  const bundles = fs
    .readdirSync(distDir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.js') && f !== 'testing.js')
    .sort()
    .map((f) => ({ file: `dist/${f}`, bytes: fs.statSync(path.join(distDir, f)).size }));
  return { stageDir, distDir, vsixPath, vsixBytes: fs.statSync(vsixPath).size, bundles, buildMs };
}

/**
 * The same staged sources built by `npm run build` (not minified): only for the profiled editor start, so the CPU
 * profile names the extension's functions. Never measured.
 */
export async function readableBuild(pkg: PackagedExtension, tmp: string): Promise<string> {
  const dir = path.join(tmp, 'extension-readable');
  if (fs.existsSync(path.join(dir, 'dist', 'extension.js'))) return dir;
  // The node_modules symlink is copied as a symlink; dist/ is rebuilt.
  fs.cpSync(pkg.stageDir, dir, { recursive: true, filter: (src) => !src.startsWith(path.join(pkg.stageDir, 'dist')) && !src.endsWith('.vsix') });
  await runToEnd('npm run build', 'npm', ['run', '-s', 'build'], PACKAGE_TIMEOUT_MS, { cwd: dir });
  return dir;
}
