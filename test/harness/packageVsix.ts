// The .vsix a marketplace user would install, built by `npm run package` in a staged copy of the working tree. The
// e2e layer and the demo install it into code-server: an extension loaded from a development path is not an
// installed one, and VS Code then shows it by its raw id with a blank icon (Show Running Extensions, for one).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';
import { runToEnd } from './processes';

/** Top-level entries the packaging does not need, or must not share with the working tree. */
const NOT_STAGED = new Set(['.git', 'node_modules', 'out', 'dist', '.cache', '.vscode-test', 'test', 'test-results']);

/**
 * Runs `npm run package` in `stage`, a copy of the working tree (its node_modules linked), and returns the .vsix it
 * wrote. The copy keeps the production build from replacing the shared dist/ under another run's feet, and proves
 * the package builds from the sources alone. `label` starts the line that reports it.
 */
export async function packageVsix(stage: string, label: string): Promise<string> {
  const started = Date.now();
  fs.mkdirSync(stage, { recursive: true });
  for (const entry of fs.readdirSync(repoRoot)) {
    if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
    fs.cpSync(path.join(repoRoot, entry), path.join(stage, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  await runToEnd('npm run package', 'npm', ['run', '-s', 'package'], 4 * 60_000, { cwd: stage });
  const pkg = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(stage, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${path.basename(vsix)}`);
  const kb = (fs.statSync(vsix).size / 1024).toFixed(1);
  console.log(`${label}: packaged ${path.basename(vsix)} (${kb} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsix;
}
