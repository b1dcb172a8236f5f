// E2E layer: packages the extension (.vsix), installs it into code-server, starts the local endpoint with the seed
// scenario and a copy of the demo workspace, then runs the user flows in test/e2e (mocha in this Node process)
// against headless chromium. No testing switches: the extension shows its real input boxes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Mocha from 'mocha';
import { startLocalAws } from '../localAws';
import { setE2eContext } from '../e2e/context';
import { launchBrowser, newPage } from './browser';
import { onCleanup, runMain } from './cleanup';
import { startCodeServer } from './codeServer';
import { repoRoot, screenshotsDir } from './paths';
import { runToEnd } from './processes';
import { printResults } from './results';
import { baseCredentialsEnv, endpointSettings } from './seedChains';
import { openWorkbench } from './workbench';

const LAYER = 'e2e';

/** Runs `npm run package` and returns the .vsix it wrote. */
async function packageVsix(): Promise<string> {
  const started = Date.now();
  await runToEnd('npm run package', 'npm', ['run', '-s', 'package'], 4 * 60_000, { cwd: repoRoot });
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  const kb = (fs.statSync(vsix).size / 1024).toFixed(1);
  console.log(`${LAYER}: packaged ${path.basename(vsix)} (${kb} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsix;
}

function e2eTestFiles(): string[] {
  const outDir = path.join(repoRoot, 'out', 'test', 'e2e');
  const sourceDir = path.join(repoRoot, 'test', 'e2e');
  return fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .sort()
    .map((f) => path.join(outDir, f));
}

async function main(): Promise<number> {
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  let suiteRan = false;
  try {
    const vsix = await packageVsix();

    const aws = await startLocalAws();
    onCleanup('stop the local AWS endpoint', () => aws.stop());

    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-e2e-ws-'));
    onCleanup(`remove ${workspace}`, () => fs.rmSync(workspace, { recursive: true, force: true }));
    fs.cpSync(path.join(repoRoot, 'test', 'demo', 'workspace'), workspace, { recursive: true });

    const server = await startCodeServer({
      workspace,
      installVsix: [vsix],
      env: baseCredentialsEnv(),
      userSettings: endpointSettings(aws.endpoint),
    });
    console.log(`${LAYER}: extension installed, endpoint ${aws.endpoint}, code-server ${server.origin} ready after ${elapsed()}`);

    const browser = await launchBrowser();
    const page = await newPage(browser);
    page.on('pageerror', (e) => console.log(`[workbench page error] ${e.message}`));
    await openWorkbench(page, server.url);
    setE2eContext({ page, aws, url: server.url, scanRoots: [workspace, server.tempDir], screenshotsDir });

    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: 120_000,
      slow: 10_000,
      reporter: path.join(repoRoot, 'test', 'support', 'countingReporter.js'),
      reporterOptions: { layer: LAYER },
    });
    for (const f of e2eTestFiles()) mocha.addFile(f);
    suiteRan = true;
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    console.log(`${LAYER}: finished in ${elapsed()}; screenshots in ${path.relative(repoRoot, screenshotsDir)}/`);
    return failures > 0 ? 1 : 0;
  } catch (e) {
    if (!suiteRan) printResults(LAYER, 0, 1); // setup failed: the flows could not run, which is a failure
    throw e;
  }
}

runMain(LAYER, main, 10 * 60_000);
