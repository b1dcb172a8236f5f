// The user flows, clicked and typed as a person would, against the packaged extension (.vsix) installed in
// code-server, with real input boxes and the local endpoint's seed scenario. Each flow takes the README's screenshots.
// (e) Sign Out runs before (d) so that the failed run starts signed out and "nothing stored" shows after a reload.
import * as assert from 'node:assert/strict';
import { dumpBrowserStorage } from '../harness/browserStorage';
import { TWO_STEP } from '../harness/seedChains';
import { SEED } from '../localAws/scenario';
import { describeHits, scanFiles, scanTexts } from '../harness/secretScan';
import { e2e, failureScreenshot, screenshot } from './context';
import { answerTwoStepPrompts } from './prompts';
import { Workbench } from './workbenchUi';

describe('user flows (packaged extension, real prompts)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  const chainRow = () => wb.row(TWO_STEP);
  /** The status bar item of a signed-in chain ("prod-deploy · 59 min"), not a passing status message. */
  const statusItem = () => wb.statusBarItem(new RegExp(`${TWO_STEP} · `));
  const assumeRoleCalls = () => e2e().aws.requestLog().filter((e) => e.service === 'sts' && e.operation === 'AssumeRole');

  before(async () => {
    wb = new Workbench(e2e().page);
    await wb.waitReady();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await failureScreenshot(this.currentTest.title);
  });

  it('(a) the Role Chains view in the activity bar shows the configured chain and its steps', async () => {
    await wb.openFile('.vscode/settings.json'); // the chain as configured, beside the view, for the README
    await wb.openChainsView();
    await wb.widenSideBar(640);
    await chainRow().waitFor();
    assert.match((await chainRow().textContent()) ?? '', /signed out/);
    await wb.expand(TWO_STEP);
    const roleA = (await wb.row('RoleA').textContent()) ?? '';
    const roleB = (await wb.row('RoleB').textContent()) ?? '';
    assert.match(roleA, /222222222222.*ExternalId.*MFA/);
    assert.match(roleB, /333333333333.*ExternalId/);
    assert.doesNotMatch(roleB, /MFA/);
    await screenshot('01-chains-view');
  });

  it('(b) Run Role Chain… from the palette: ExternalIds and the MFA code typed into the input boxes sign in', async () => {
    e2e().aws.clearRequestLog();
    await wb.runCommand('Role Chains: Run Role Chain', () => screenshot('02-command-palette'));
    await wb.pick(TWO_STEP, () => screenshot('03-pick-chain'));
    const titles = await answerTwoStepPrompts(wb, {
      beforeEnter: async (what) => {
        if (what === 'externalId-1') await screenshot('04-externalid-prompt');
        if (what === 'mfa-1') await screenshot('05-mfa-prompt');
      },
    });
    assert.equal(titles.length, 3);
    await wb.expand(TWO_STEP);
    await wb.rowMatching(/RoleA[\s\S]*222222222222 · as \S/).waitFor();
    await wb.rowMatching(/RoleB[\s\S]*333333333333 · as \S/).waitFor();
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${TWO_STEP}.*signed in`) }).first().waitFor();
    await wb.statusBarItem(new RegExp(`${TWO_STEP} · \\d+ min`)).waitFor();
    assert.deepEqual(assumeRoleCalls().map((e) => e.status), [200, 200]);
    await screenshot('06-signed-in');
  });

  it('(c) after a window reload: still signed in, without any prompt', async () => {
    const calls = assumeRoleCalls().length;
    await wb.reloadWindow();
    await wb.openChainsView();
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${TWO_STEP}.*signed in`) }).first().waitFor();
    await wb.expand(TWO_STEP);
    await wb.rowMatching(/RoleB[\s\S]*333333333333 · as \S/).waitFor();
    await wb.statusBarItem(new RegExp(`${TWO_STEP} · \\d+ min`)).waitFor();
    // The restored state has shown; now watch (not sleep) for a prompt the reload must not bring.
    await wb.expectNoInputBoxFor(1500, 'a prompt appeared after the reload');
    assert.equal(assumeRoleCalls().length, calls, 'the reload sent AssumeRole requests');
    await screenshot('07-after-reload');
  });

  it('(e) Sign Out from the tree: the status bar item goes and the tree shows signed out', async () => {
    await wb.clickInline(TWO_STEP, 'Sign Out');
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${TWO_STEP}.*signed out`) }).first().waitFor();
    await statusItem().waitFor({ state: 'hidden' });
    assert.equal(await wb.rowMatching(/ · as \S/).count(), 0, 'a step row still shows an identity');
    await screenshot('08-signed-out');
  });

  it('(d) a wrong ExternalId at step 2: an error naming the step, and nothing stored', async () => {
    e2e().aws.clearRequestLog();
    await wb.clickInline(TWO_STEP, 'Run Role Chain');
    await answerTwoStepPrompts(wb, { stepTwoExternalId: 'not-the-agreed-id' });
    // The state first (the row shows the failure), then the error as the person reads it.
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${TWO_STEP}.*failed`) }).first().waitFor();
    const toast = wb.errorNotification(/step 2/i);
    await toast.waitFor();
    assert.match((await toast.innerText()) ?? '', /RoleB|333333333333/);
    assert.equal(await statusItem().count(), 0);
    assert.deepEqual(assumeRoleCalls().map((e) => [e.status, e.errorCode ?? '']), [[200, ''], [403, 'AccessDenied']]);
    await screenshot('09-wrong-externalid');

    await wb.reloadWindow();
    await wb.openChainsView();
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${TWO_STEP}.*signed out`) }).first().waitFor();
    assert.equal(await statusItem().count(), 0, 'a session came back after the reload');
  });

  it('a window reloaded in the middle of a run leaves no half-stored session', async () => {
    e2e().aws.clearRequestLog();
    await wb.clickInline(TWO_STEP, 'Run Role Chain');
    // Step 1 is answered and assumed; the window goes away while step 2's ExternalId box is open.
    await wb.waitForInputBox(/step 1\/2: ExternalId/);
    await wb.type(SEED.externalIdA);
    await wb.waitForInputBox(/step 1\/2: MFA code/);
    await wb.type(e2e().aws.mfaCode(SEED.developerName));
    await wb.waitForInputBox(/step 2\/2: ExternalId/);
    assert.deepEqual(assumeRoleCalls().map((e) => e.status), [200], 'step 1 was not assumed before the reload');

    await wb.reloadWindow();
    await wb.openChainsView();
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${TWO_STEP}.*signed out`) }).first().waitFor();
    // The extension is up again (its status bar item shows), so a prompt it would bring could now appear.
    await wb.statusBarItem(/Run Role Chain/).waitFor();
    await wb.expectNoInputBoxFor(1500, 'the interrupted run asked again after the reload');
    assert.equal(await statusItem().count(), 0, 'a session (or half of one) came back after the reload');
    assert.equal(assumeRoleCalls().length, 1, 'the reload sent AssumeRole requests');
  });

  it("leaves no secret in the editor's files or the browser's storage", async () => {
    const secrets = e2e().aws.seenSecrets();
    assert.ok(secrets.some((s) => s.kind === 'sessionToken') && secrets.some((s) => s.kind === 'externalId'));
    const files = scanFiles(e2e().scanRoots, secrets);
    assert.ok(files.filesScanned > 10, `only ${files.filesScanned} files scanned`);
    assert.deepEqual(files.hits, [], describeHits(files.hits));
    const dump = await dumpBrowserStorage(e2e().page);
    const texts = [...dump.indexedDb, ...Object.entries(dump.localStorage).map(([k, v]) => ({ where: `localStorage ${k}`, text: v }))];
    const hits = scanTexts(texts, secrets);
    assert.deepEqual(hits, [], describeHits(hits));
  });

  it('shows its activation time in Developer: Show Running Extensions', async () => {
    await wb.runCommand('Developer: Show Running Extensions');
    const row = wb.page.locator('.monaco-list-row', { hasText: 'AWS Role Chains' }).first();
    await row.waitFor();
    const time = (await row.locator('.activation-time').textContent({ timeout: 10_000 })) ?? '';
    assert.match(time, /\d+\s*ms/);
    console.log(`      packaged extension, Show Running Extensions: ${time.trim()}`);
  });
});
