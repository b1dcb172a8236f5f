// Settings drive the tree: a change shows up without a reload, and a mistake is shown as a row naming the problem.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SEED } from '../localAws/scenario';
import { resetState, showChainsView, signIn, testingApi, waitForUi, waitForUiGone } from './support';

describe('settings', () => {
  let api: RoleChainsTestingApi;
  let original: unknown[];
  const config = () => vscode.workspace.getConfiguration('roleChains');
  const setChains = (chains: unknown[]) => config().update('chains', chains, vscode.ConfigurationTarget.Workspace);

  before(async () => {
    api = await testingApi();
    const value = config().inspect<unknown[]>('chains')?.workspaceValue;
    assert.ok(Array.isArray(value), 'the test workspace has no roleChains.chains');
    original = value;
    await showChainsView();
  });
  beforeEach(() => resetState(api));
  afterEach(() => setChains(original));

  it('a chain added to the settings appears in the tree and can be run at once', async () => {
    const added = { name: 'added-by-test', steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt' }] };
    await setChains([...original, added]);
    await waitForUi('sideBarRows', /added-by-test/, 'the new chain row');
    const session = await signIn(api, 'added-by-test');
    assert.match(session.steps[0]?.assumedRoleArn ?? '', /assumed-role\/RoleNoMfa\//);

    await setChains(original);
    await waitForUiGone('sideBarRows', /added-by-test/, 'the removed chain row to go');
  });

  it('an invalid chain is shown as a problem row naming the field, and is not runnable', async () => {
    const broken = { name: 'broken-chain', steps: [{ roleArn: 'arn:aws:iam::123:role/Short', externalId: 'prompt' }] };
    await setChains([...original, broken]);
    await waitForUi('sideBarRows', /broken-chain.*roleArn|roleArn.*broken-chain/i, 'a problem row for the bad role ARN');
    await vscode.commands.executeCommand('roleChains.chains.run', 'broken-chain');
    assert.equal(api.sessions.get('broken-chain'), undefined);
  });
});
