// Entry point the editor loads as extensionTestsPath (code-server's payload route and @vscode/test-electron alike):
// runs every compiled *.test.js in this folder with mocha inside the extension host and rejects on any failure.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** out/test/integration → the repository root, where test/support/countingReporter.js lives (not compiled). */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    slow: 3_000,
    reporter: path.join(repoRoot, 'test', 'support', 'countingReporter.js'),
    reporterOptions: { layer: 'integration' },
  });
  // A compiled test whose source was deleted lingers in out/ (tsc does not clean): run only tests that still exist.
  const sourceDir = path.join(repoRoot, 'test', 'integration');
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => !fs.existsSync(sourceDir) || fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js under ${__dirname}: compile first (npm run compile)`));
      return;
    }
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
