// A chain whose base is IAM Identity Center, run as a person would: ▶ on the row, the device code in the run's
// progress notification, the approval page opened by the extension (vscode.env.openExternal → code-server's
// window.open → a new page of the same browser), the code compared with the notification's, Allow, then one
// ExternalId per step. The chain is added to the workspace settings for this flow only and removed after, so the
// other flows (and their screenshots) see the workspace as it was.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SSO_CHAIN, ssoChain } from '../harness/seedChains';
import { pollUntil } from '../harness/timebox';
import { SEED } from '../localAws/scenario';
import { e2e, failureScreenshot, screenshot } from './context';
import { Workbench } from './workbenchUi';

const USER_CODE = /[A-Z0-9]{4}-[A-Z0-9]{4}/;

describe('IAM Identity Center as the base of a chain: the device code, the approval page, Allow (packaged extension)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let originalSettings: string | undefined;
  const settingsFile = () => path.join(new URL(e2e().url).searchParams.get('folder') ?? '', '.vscode', 'settings.json');
  const ssoOperations = () =>
    e2e()
      .aws.requestLog()
      .filter((e) => e.service === 'sso-oidc' || e.service === 'sso' || e.service === 'sso-device')
      .map((e) => `${e.operation} ${e.status}`)
      // CreateToken answers 400 authorization_pending until Allow is pressed: how often depends on timing.
      .filter((o) => o !== 'CreateToken 400');

  before(async () => {
    wb = new Workbench(e2e().page);
    await wb.waitReady();
    await wb.runCommand('View: Close All Editors');
    await wb.openChainsView();
    // As a person adds it: the chain appended to the workspace's settings file, which the extension watches.
    originalSettings = fs.readFileSync(settingsFile(), 'utf8');
    const settings = JSON.parse(originalSettings) as Record<string, unknown>;
    const chains = settings['roleChains.chains'] as unknown[];
    fs.writeFileSync(settingsFile(), `${JSON.stringify({ ...settings, 'roleChains.chains': [...chains, ssoChain()] }, null, 2)}\n`);
    await wb.row(SSO_CHAIN).waitFor({ timeout: 30_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await failureScreenshot(this.currentTest.title);
  });
  // The next flows expect the workspace's own chain only, signed out, no Identity Center sign-in kept, and no
  // notification over what they click (also after a failure part-way through the run).
  after(async () => {
    const page = e2e().page;
    for (const other of page.context().pages()) if (other !== page) await other.close();
    await page.bringToFront();
    if ((await wb.openInputBoxTitle()) !== undefined) await page.keyboard.press('Escape');
    const running = wb.notification(new RegExp(`Signing in to ${SSO_CHAIN}`));
    if (await running.isVisible()) await running.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    // Sign Out of All Chains forgets the Identity Center sign-in too (the palette offers it while a chain is signed in).
    const signedIn = wb.statusBarItem(new RegExp(`${SSO_CHAIN} · `));
    if (await signedIn.isVisible()) {
      await wb.runCommand('Role Chains: Sign Out of All Chains');
      await signedIn.waitFor({ state: 'hidden' });
    }
    if (originalSettings !== undefined) fs.writeFileSync(settingsFile(), originalSettings);
    await wb.row(SSO_CHAIN).waitFor({ state: 'detached', timeout: 30_000 });
    await wb.runCommand('View: Close All Editors');
    await wb.clearNotifications();
  });

  it('▶ shows the device code, opens the approval page showing the same code; after Allow the ExternalIds sign in through both roles', async () => {
    e2e().aws.clearRequestLog();
    const context = e2e().page.context();
    // The page the extension opens is a new page of the browser: watched for before the run starts.
    const opened = context.waitForEvent('page', { timeout: 30_000 });
    await wb.clickInline(SSO_CHAIN, 'Run Role Chain');

    const progress = wb.notification(/Identity Center: check that your browser shows code/);
    await progress.waitFor({ timeout: 30_000 });
    const shownCode = USER_CODE.exec((await progress.innerText()) ?? '')?.[0];
    assert.ok(shownCode, `no code in the notification: ${await progress.innerText()}`);
    assert.match(await progress.innerText(), new RegExp(`Signing in to ${SSO_CHAIN}`));

    const approval: Page = await opened;
    await approval.waitForLoadState('domcontentloaded');
    // Straight to the local endpoint (the harness turns code-server's localhost port proxy off, see codeServer.ts).
    const url = new URL(approval.url());
    assert.equal(`${url.port} ${url.pathname}`, `${e2e().aws.port} /device`, `the page opened is not the approval page: ${approval.url()}`);
    assert.equal(url.searchParams.get('user_code'), shownCode, 'the page opened is for another sign-in');
    const pageCode = ((await approval.locator('#user-code').textContent()) ?? '').trim();
    assert.equal(pageCode, shownCode, 'the approval page shows another code than VS Code');
    assert.deepEqual(e2e().aws.sso.pendingUserCodes(), [shownCode], 'the code shown is not the sign-in waiting for approval');
    // The README's picture: the notification with the code, as the person compares it with the page (that corner
    // of the window only, with the status bar below it: the .vsix ships every README picture within its budget).
    await e2e().page.bringToFront();
    const box = await progress.boundingBox();
    const viewport = e2e().page.viewportSize();
    assert.ok(box && viewport, 'the notification has no place on the screen');
    const left = Math.max(0, Math.floor(box.x) - 16);
    const top = Math.max(0, Math.floor(box.y) - 16);
    await screenshot('28-sso-device-code', e2e().page, { x: left, y: top, width: viewport.width - left, height: viewport.height - top });

    await approval.bringToFront();
    await approval.locator('#allow').click();
    await approval.locator('#message', { hasText: /Request approved/ }).waitFor();
    await approval.close();
    await e2e().page.bringToFront();

    await wb.waitForInputBox(/step 1\/2: ExternalId for role\/RoleA \(222222222222\)/, 30_000);
    await wb.type(SEED.externalIdA);
    await wb.waitForInputBox(/step 2\/2: ExternalId for role\/RoleB \(333333333333\)/);
    await wb.type(SEED.externalIdB);

    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`${SSO_CHAIN}.*signed in`) }).first().waitFor({ timeout: 30_000 });
    await wb.statusBarItem(new RegExp(`${SSO_CHAIN} · \\d+ min`)).waitFor();
    await wb.expand(SSO_CHAIN);
    // The chain's own step rows (the tree renders them a moment after the row opens), each with its identity.
    const stepRows = async (): Promise<string[] | undefined> => {
      const rows = await wb.chainsPane().locator('.monaco-list-row').allInnerTexts();
      const at = rows.findIndex((r) => r.startsWith(SSO_CHAIN));
      const steps = rows.slice(at + 1, at + 3);
      return at >= 0 && /^RoleA[\s\S]*222222222222 · as \S/.test(steps[0] ?? '') && /^RoleB[\s\S]*333333333333 · as \S/.test(steps[1] ?? '') ? steps : undefined;
    };
    await pollUntil(stepRows, 10_000, `the step rows of ${SSO_CHAIN} to show RoleA and RoleB signed in`, 100);
    assert.equal(await wb.openInputBoxTitle(), undefined, 'a third prompt (an MFA code for the base?) is open');

    assert.deepEqual(ssoOperations(), [
      'RegisterClient 200',
      'StartDeviceAuthorization 200',
      'ApprovalPage 200',
      'ApproveDevice 200',
      'CreateToken 200',
      'ListAccounts 200',
      'ListAccountRoles 200',
      'GetRoleCredentials 200',
    ]);
    const assumed = e2e()
      .aws.requestLog()
      .filter((e) => e.service === 'sts' && e.operation === 'AssumeRole');
    assert.deepEqual(assumed.map((e) => e.status), [200, 200]);
    assert.match(assumed[0]?.principal ?? '', new RegExp(`^arn:aws:sts::${SEED.developerAccount}:assumed-role/AWSReservedSSO_${SEED.ssoPermissionSet}_`), 'step 1 was not assumed from the Identity Center role');
    assert.match(assumed[1]?.principal ?? '', /:assumed-role\/RoleA\//, "step 2 was not assumed from RoleA's session");
  });
});
