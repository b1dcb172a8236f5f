// Integration layer: mocha inside the extension host of a real VS Code 1.100 (code-server), driven through
// VS Code's browser-integration-test route. Prints the suite's ROLE_CHAINS_RESULTS line and exits with its result.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newPage } from './browser';
import { runMain } from './cleanup';
import { startCodeServer } from './codeServer';
import { prepareIntegration } from './integrationFixture';
import { repoRoot } from './paths';
import { printResults, RESULTS_LINE } from './results';
import { runExtensionTests } from './workbench';

const LAYER = 'integration';
const SUITE_TIMEOUT_MS = 6 * 60_000;

async function main(): Promise<number> {
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: run npm run compile first`);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');

  // The control server reads the workbench once there is a page.
  const ui: { page?: Page } = {};
  const fixture = await prepareIntegration(() => ui.page);
  const server = await startCodeServer({ workspace: fixture.workspace, env: fixture.env, userSettings: fixture.userSettings });
  fixture.scanRoots.push(server.tempDir);
  console.log(`${LAYER}: local endpoint ${fixture.aws.endpoint}, code-server ${server.origin} ready after ${elapsed()}`);

  const browser = await launchBrowser();
  const page = await newPage(browser);
  ui.page = page;
  let sawResults = false;
  const code = await runExtensionTests(page, {
    origin: server.origin,
    port: server.port,
    workspace: fixture.workspace,
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

runMain(LAYER, main, 8 * 60_000);
