// E2E layer: packages the extension (.vsix, `npm run package` in a staged copy), installs it into code-server, starts the local endpoint with the seed
// scenario and a copy of the demo workspace, then runs the user flows in test/e2e (mocha in this Node process)
// against headless chromium. No testing switches: the extension shows its real input boxes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Mocha from 'mocha';
import { startLocalAws } from '../localAws';
import { setE2eContext } from '../e2e/context';
import { BASE_PROFILE, writeAwsConfigFiles } from './awsConfigFixture';
import { launchBrowser, newPage } from './browser';
import { onCleanup, runMain } from './cleanup';
import { startCodeServer } from './codeServer';
import { packageVsix } from './packageVsix';
import { repoRoot, screenshotsDir } from './paths';
import { printResults } from './results';
import { baseCredentialsEnv, endpointSettings } from './seedChains';
import { openWorkbench } from './workbench';

const LAYER = 'e2e';

/**
 * Flows that change what the first flows show (chains added, objects uploaded, another editor) run after them, in
 * this order, and the scan of everything the run left on disk runs last of all; the others run alphabetically first.
 */
const RUN_LAST = ['ssoSignIn.test.js', 'chainEditing.test.js', 's3Flows.test.js', 'untrustedWorkspace.test.js', 'secretScan.test.js'];

function e2eTestFiles(): string[] {
  const outDir = path.join(repoRoot, 'out', 'test', 'e2e');
  const sourceDir = path.join(repoRoot, 'test', 'e2e');
  return fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(sourceDir, f.replace(/\.js$/, '.ts'))))
    .sort((a, b) => RUN_LAST.indexOf(a) - RUN_LAST.indexOf(b) || a.localeCompare(b))
    .map((f) => path.join(outDir, f));
}

/** Copies a passing run's pictures to media/screenshots/, which the README shows. */
function publishScreenshots(from: string): void {
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const files = fs.readdirSync(from).filter((f) => f.endsWith('.webp'));
  for (const f of files) fs.copyFileSync(path.join(from, f), path.join(screenshotsDir, f));
  console.log(`${LAYER}: ${files.length} screenshots written to ${path.relative(repoRoot, screenshotsDir)}/`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  let suiteRan = false;
  try {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-e2e-'));
    onCleanup(`remove ${temp}`, () => fs.rmSync(temp, { recursive: true, force: true }));
    const vsix = await packageVsix(path.join(temp, 'package'), LAYER);

    const aws = await startLocalAws();
    onCleanup('stop the local AWS endpoint', () => aws.stop());

    // A fixed folder name: it shows in the window title of every screenshot.
    const workspace = path.join(temp, 'demo-workspace');
    fs.cpSync(path.join(repoRoot, 'test', 'demo', 'workspace'), workspace, { recursive: true });
    const shots = path.join(temp, 'screenshots');
    // The editor's temporary files (the extension's staging folders among them) land where the secret scan looks;
    // its AWS config files (import, base profiles) are the run's own, outside the scanned folders; logs at trace.
    const editorTmp = path.join(temp, 'editor-tmp');
    fs.mkdirSync(editorTmp, { mode: 0o700 });
    // The base key comes from the profile's credentials file, not from environment variables: at trace level the
    // editor's server logs the extension host's environment (a person keeping keys in the environment would find
    // them in those logs), and the scan is about what the extension writes.
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _key, ...baseEnv } = baseCredentialsEnv();
    const editorEnv = {
      ...baseEnv,
      ...writeAwsConfigFiles(path.join(temp, 'aws-config')).env,
      AWS_PROFILE: BASE_PROFILE,
      LOG_LEVEL: 'trace',
      TMPDIR: editorTmp,
    };

    const server = await startCodeServer({
      workspace,
      installVsix: [vsix],
      env: editorEnv,
      userSettings: endpointSettings(aws.endpoint),
    });
    console.log(`${LAYER}: extension installed, endpoint ${aws.endpoint}, code-server ${server.origin} ready after ${elapsed()}`);

    const browser = await launchBrowser();
    const page = await newPage(browser);
    page.on('pageerror', (e) => console.log(`[workbench page error] ${e.message}`));
    await openWorkbench(page, server.url);
    setE2eContext({
      page,
      aws,
      url: server.url,
      scanRoots: [workspace, server.tempDir, editorTmp],
      screenshotsDir: shots,
      vsix,
      editorEnv,
      userDataDir: server.userDataDir,
      runDir: temp,
      extraSecrets: [],
    });

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
    if (failures === 0) publishScreenshots(shots);
    else console.log(`${LAYER}: screenshots of this failed run left out of ${path.relative(repoRoot, screenshotsDir)}/ (the README shows passing runs only)`);
    console.log(`${LAYER}: finished in ${elapsed()}`);
    return failures > 0 ? 1 : 0;
  } catch (e) {
    if (!suiteRan) printResults(LAYER, 0, 1); // setup failed: the flows could not run, which is a failure
    throw e;
  }
}

runMain(LAYER, main, 10 * 60_000);
