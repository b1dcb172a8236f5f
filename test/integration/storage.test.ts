// Where the session lives: in SecretStorage and nowhere else — not in settings, globalState, workspaceState,
// files or logs. The harness scans the editor's folders on disk and (code-server) the browser's storage for every
// secret the local endpoint issued or received, and plants a marker first so a scan that finds nothing means something.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { TWO_STEP } from '../harness/seedChains';
import { skipBecause } from '../support/skip';
import { control, resetState, signIn, testingApi, waitFor } from './support';

const BROWSER_UNAVAILABLE = 'no browser storage to scan (desktop VS Code keeps SecretStorage in the OS keyring); the disk scan above passed';

describe('where secrets live', () => {
  let api: RoleChainsTestingApi;

  before(async () => {
    api = await testingApi();
    await resetState(api);
  });
  after(() => resetState(api));

  it('while signed in: the session is in SecretStorage and in no file, setting or browser store', async function () {
    const session = await signIn(api, TWO_STEP);
    await vscode.commands.executeCommand('roleChains.log.show'); // the log is written to disk too: scan it
    const kinds = await control.secretKinds();
    assert.ok((kinds.sessionToken ?? 0) >= 2 && (kinds.externalId ?? 0) >= 2 && (kinds.mfaCode ?? 0) >= 1, `secrets issued: ${JSON.stringify(kinds)}`);

    await vscode.commands.executeCommand('roleChains.chains.refresh');
    assert.ok(api.sessions.get(TWO_STEP), 'the session is not in SecretStorage (a re-read dropped it)');
    // Scan once the editor has written this sign-in's own log line: a scan of a disk still behind would prove nothing.
    const signedIn = `Signed in to ${TWO_STEP} until ${new Date(session.expiresAt).toISOString()}`;
    const disk = await waitFor(async () => {
      const report = await control.scanDisk(signedIn);
      return report.expectedFound ? report : undefined;
    }, 'the sign-in log line on disk', 20_000);
    assert.ok(disk.canaryFound, 'the scanner missed its own marker');
    assert.ok(disk.filesScanned > 10, `only ${disk.filesScanned} files scanned`);
    assert.deepEqual(disk.hits, []);

    const browser = await control.scanBrowser();
    if (!browser.available) skipBecause(this, BROWSER_UNAVAILABLE);
    assert.ok(browser.storesScanned > 0);
    assert.ok(browser.secretStorageKeyPresent, "code-server's SecretStorage (localStorage secrets.provider) is empty");
    assert.deepEqual(browser.hits, [], 'a secret in plain text in IndexedDB (globalState/workspaceState) or localStorage');
  });

  it('after sign-out: still no secret anywhere', async function () {
    await vscode.commands.executeCommand('roleChains.chains.signOutAll');
    assert.deepEqual(api.sessions.list(), []);
    const disk = await control.scanDisk();
    assert.ok(disk.canaryFound);
    assert.deepEqual(disk.hits, []);
    const browser = await control.scanBrowser();
    if (!browser.available) skipBecause(this, BROWSER_UNAVAILABLE);
    assert.ok(browser.storesScanned > 0);
    assert.deepEqual(browser.hits, []);
  });
});
