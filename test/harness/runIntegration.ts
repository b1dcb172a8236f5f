// Integration layer: mocha inside the extension host of a real VS Code 1.100 (code-server), driven through
// VS Code's browser-integration-test route. Prints the suite's ROLE_CHAINS_RESULTS line and exits with its result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage } from './browser';
import { onCleanup, runMain } from './cleanup';
import { startCodeServer } from './codeServer';
import { repoRoot } from './paths';
import { printResults, RESULTS_LINE } from './results';
import { runExtensionTests } from './workbench';

const LAYER = 'integration';
const SUITE_TIMEOUT_MS = 3 * 60_000;

async function main(): Promise<number> {
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: run npm run compile first`);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-it-ws-'));
  onCleanup(`remove ${workspace}`, () => fs.rmSync(workspace, { recursive: true, force: true }));

  const server = await startCodeServer({
    workspace,
    env: { ROLE_CHAINS_TESTING: '1' },
  });
  console.log(`${LAYER}: code-server ${server.origin} ready after ${elapsed()}`);

  const browser = await launchBrowser();
  const page = await newPage(browser);
  let sawResults = false;
  const code = await runExtensionTests(page, {
    origin: server.origin,
    port: server.port,
    workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsEntry.replace(/\.js$/, ''),
    timeoutMs: SUITE_TIMEOUT_MS,
    onLog: (line) => {
      if (RESULTS_LINE.test(line)) sawResults = true;
      console.log(line);
    },
  }).catch((e: unknown) => {
    console.error(`${LAYER}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  });
  if (!sawResults) {
    console.error(`${LAYER}: the suite inside the editor never reported its results`);
    printResults(LAYER, 0, 1);
  }
  console.log(`${LAYER}: finished in ${elapsed()} (exit ${code})`);
  return code;
}

runMain(LAYER, main, 5 * 60_000);
