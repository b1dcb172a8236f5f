// Settings drive the tree: a change shows up without a reload, and a mistake is shown as a row naming the problem.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SEED } from '../localAws/scenario';
import { resetState, showChainsView, signIn, testingApi, waitFor, waitForUi, waitForUiGone } from './support';

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

  /** A row of the Chains view's provider (the tree's state in any editor) whose text matches. */
  const providerRow = (pattern: RegExp) => () => api.treeRows().find((r) => pattern.test(`${r.label} ${r.description} ${r.tooltip}`));

  it('a chain added to the settings appears in the tree and can be run at once', async function () {
    const added = { name: 'added-by-test', steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt' }] };
    await setChains([...original, added]);
    await waitFor(providerRow(/added-by-test/), 'the new chain in the tree provider');
    const session = await signIn(api, 'added-by-test');
    assert.match(session.steps[0]?.assumedRoleArn ?? '', /assumed-role\/RoleNoMfa\//);
    await waitForUi(this, 'sideBarRows', /added-by-test/, 'the new chain row');

    await setChains(original);
    await waitFor(() => (providerRow(/added-by-test/)() ? undefined : true), 'the removed chain to leave the tree provider');
    await waitForUiGone(this, 'sideBarRows', /added-by-test/, 'the removed chain row to go');
  });

  it('an invalid chain is shown as a problem row naming the field, and is not runnable', async function () {
    const broken = { name: 'broken-chain', steps: [{ roleArn: 'arn:aws:iam::123:role/Short', externalId: 'prompt' }] };
    await setChains([...original, broken]);
    await waitFor(providerRow(/broken-chain.*roleArn|roleArn.*broken-chain/i), 'a problem row for the bad role ARN in the tree provider');
    await vscode.commands.executeCommand('roleChains.chains.run', 'broken-chain');
    assert.equal(api.sessions.get('broken-chain'), undefined);
    await waitForUi(this, 'sideBarRows', /broken-chain.*roleArn|roleArn.*broken-chain/i, 'a problem row for the bad role ARN');
  });
});
