// The same integration suite in desktop VS Code, through @vscode/test-electron, for machines with a display and
// internet (it downloads VS Code into .vscode-test/). The local endpoint, workspace, settings and control server are
// the ones the code-server run uses; UI probes report "unavailable" here, so the tests that read the workbench check
// their API-visible effects and are then reported as skipped, with the reason. Version: ROLE_CHAINS_VSCODE_VERSION (default 1.100.3, the oldest engine the manifest accepts; "stable"
// for the newest).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { onCleanup, runMain } from './cleanup';
import { prepareIntegration } from './integrationFixture';
import { repoRoot } from './paths';

async function main(): Promise<number> {
  const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: run npm run compile first`);
  const fixture = await prepareIntegration(() => undefined);

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-desktop-'));
  onCleanup(`remove ${temp}`, () => fs.rmSync(temp, { recursive: true, force: true }));
  const userData = path.join(temp, 'user-data');
  const extensions = path.join(temp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions);
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, ...fixture.userSettings }, null, 2),
  );
  fixture.scanRoots.push(temp);

  return runTests({
    version: process.env.ROLE_CHAINS_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsEntry.replace(/\.js$/, ''),
    extensionTestsEnv: fixture.env,
    launchArgs: [
      fixture.workspace,
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      // No OS keyring prompt in a test run: SecretStorage uses Electron's basic encryption in the temp profile.
      '--password-store=basic',
    ],
  }).catch((e: unknown) => {
    console.error(`desktop: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  });
}

runMain('desktop', main, 15 * 60_000);
