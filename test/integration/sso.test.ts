// A chain whose base is IAM Identity Center, run through the real command in the extension host: the run opens the
// approval page itself (handed to the browser through openExternal, recorded here), waits for Allow, then signs in
// through both roles with one prompt per step. The sign-in is kept in SecretStorage only, reused by the next run, and
// forgotten by Sign Out of All Chains.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SSO_CHAIN, ssoChain } from '../harness/seedChains';
import { SEED } from '../localAws/scenario';
import { control, resetState, seedPrompts, testingApi, waitFor } from './support';

const config = () => vscode.workspace.getConfiguration('roleChains');

describe('IAM Identity Center as the base of a chain', function () {
  this.timeout(60_000);
  let api: RoleChainsTestingApi;
  let original: Array<Record<string, unknown>>;
  let opened: string[];

  const ssoOperations = async (): Promise<string[]> =>
    (await control.requestLog()).filter((e) => e.service === 'sso-oidc' || e.service === 'sso').map((e) => `${e.operation} ${e.status}`);

  /** Runs the chain; when the run opens the approval page, checks its code is the pending one and presses Allow. */
  async function runAndAllow(): Promise<{ prompts: ReturnType<typeof seedPrompts>; userCode: string | undefined }> {
    const prompts = seedPrompts();
    api.setPromptsForTesting(prompts);
    const before = opened.length;
    const run = vscode.commands.executeCommand('roleChains.chains.run', SSO_CHAIN);
    let userCode: string | undefined;
    const page = await Promise.race([waitFor(() => opened[before], 'the approval page to be opened', 30_000), Promise.resolve(run).then(() => undefined)]);
    if (page !== undefined) {
      userCode = new URL(page).searchParams.get('user_code') ?? undefined;
      assert.ok(userCode, `the page opened has no user code: ${page}`);
      assert.deepEqual(await control.ssoPending(), [userCode], 'the page names the sign-in waiting for the person');
      await control.ssoApprove(userCode);
    }
    await run;
    api.setPromptsForTesting(undefined);
    return { prompts, userCode };
  }

  before(async function () {
    api = await testingApi();
    const value = config().inspect<Array<Record<string, unknown>>>('chains')?.workspaceValue;
    assert.ok(Array.isArray(value));
    original = value;
    await config().update('chains', [...original, ssoChain()], vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.treeRows().find((r) => r.depth === 0 && r.label === SSO_CHAIN), 'the Identity Center chain in the Chains view');
  });
  beforeEach(async function () {
    await resetState(api);
    opened = [];
    api.extras.setUiForTesting({
      openExternal: async (uri) => {
        opened.push(uri.toString(true));
        return true;
      },
    });
  });
  afterEach(function () {
    api.extras.setUiForTesting(undefined);
    api.setPromptsForTesting(undefined);
  });
  after(async function () {
    await config().update('chains', original, vscode.ConfigurationTarget.Workspace);
    await resetState(api);
  });

  it('signs in through the approval page and assumes both roles with one prompt per step', async function () {
    const { prompts, userCode } = await runAndAllow();
    assert.ok(userCode, 'the run opened the approval page');
    assert.equal(opened.length, 1);
    assert.ok(opened[0]?.startsWith(`${api.endpoints().sso}/device?user_code=`), `opened ${opened[0]}`);

    const session = api.sessions.get(SSO_CHAIN);
    const status = api.runStatus(SSO_CHAIN);
    assert.ok(session, `no session${status?.state === 'failed' ? `: ${status.message}` : ''}`);
    assert.deepEqual(
      session.steps.map((s) => s.roleArn),
      [SEED.roleA, SEED.roleB],
    );
    assert.match(session.steps[0]?.assumedRoleArn ?? '', /^arn:aws:sts::222222222222:assumed-role\/RoleA\//);
    assert.deepEqual(
      prompts.asked.map((a) => `${a.what} ${a.stepIndex}`),
      ['externalId 0', 'externalId 1'],
      'one prompt per step, none for the base',
    );
    // CreateToken answers 400 authorization_pending until Allow is pressed: how many depends on timing.
    assert.deepEqual(
      (await ssoOperations()).filter((o) => o !== 'CreateToken 400'),
      ['RegisterClient 200', 'StartDeviceAuthorization 200', 'CreateToken 200', 'ListAccounts 200', 'ListAccountRoles 200', 'GetRoleCredentials 200'],
    );
    const kinds = await control.secretKinds();
    assert.ok((kinds.ssoAccessToken ?? 0) >= 1 && (kinds.ssoRefreshToken ?? 0) >= 1 && (kinds.ssoClientSecret ?? 0) >= 1, `secrets issued: ${JSON.stringify(kinds)}`);
    const disk = await control.scanDisk();
    assert.ok(disk.canaryFound, 'the scanner missed its own marker');
    assert.deepEqual(disk.hits, [], 'an Identity Center token or a session key on disk');
    // Where the AWS CLI would have written the tokens in plain JSON (HOME is the harness's own folder here).
    assert.equal(fs.existsSync(path.join(os.homedir(), '.aws', 'sso', 'cache')), false, '~/.aws/sso/cache was written');
  });

  it('runs again without the browser while the sign-in lasts, and needs the browser again after Sign Out of All Chains', async function () {
    await runAndAllow();
    assert.equal(opened.length, 1);
    await vscode.commands.executeCommand('roleChains.chains.signOut', SSO_CHAIN);
    await waitFor(() => (api.sessions.get(SSO_CHAIN) ? undefined : true), 'the chain to be signed out');
    await control.clearRequestLog();

    const again = await runAndAllow();
    assert.equal(again.userCode, undefined, 'the stored sign-in was used: no page opened');
    assert.equal(opened.length, 1);
    assert.ok(api.sessions.get(SSO_CHAIN));
    assert.deepEqual(await ssoOperations(), ['ListAccounts 200', 'ListAccountRoles 200', 'GetRoleCredentials 200']);

    await vscode.commands.executeCommand('roleChains.chains.signOutAll');
    const third = await runAndAllow();
    assert.ok(third.userCode, 'Sign Out of All Chains forgot the Identity Center sign-in');
    assert.equal(opened.length, 2);
    assert.ok(api.sessions.get(SSO_CHAIN));
  });
});
