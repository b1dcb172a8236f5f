// Where things live, resolved from the compiled file (out/test/harness/*.js) or the source (test/harness/*.ts).
import path from 'node:path';
import fs from 'node:fs';

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.mjs'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`harness: cannot find the repository root above ${start}`);
}

/** The repository root (the extension's development path). */
export const repoRoot = findRoot(__dirname);
/** code-server is installed on demand here (ignored by git, like test-electron's .vscode-test/). */
export const codeServerCache = path.join(repoRoot, '.cache', 'code-server');
export const screenshotsDir = path.join(repoRoot, 'media', 'screenshots');
export const extensionId = 'role-chains.aws-role-chains';
