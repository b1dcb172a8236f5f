// Running chains through the real command, beyond the happy path: failures name the step and store nothing,
// cancelling stops the chain, three hops work, and concurrent runs of one chain share one set of prompts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SEED } from '../localAws/scenario';
import { THREE_STEP, TWO_STEP } from '../harness/seedChains';
import { resetState, seedPrompts, showChainsView, stsCalls, testingApi, waitFor, waitForUi } from './support';

describe('running chains', () => {
  let api: RoleChainsTestingApi;
  const run = (chain: string) => vscode.commands.executeCommand('roleChains.chains.run', chain);

  before(async () => {
    api = await testingApi();
    await showChainsView();
  });
  beforeEach(() => resetState(api));
  after(() => resetState(api));

  it('a wrong ExternalId at step 2 names the step, stores nothing and sends nothing more', async function () {
    api.setPromptsForTesting(seedPrompts({ externalIds: { [SEED.roleB]: 'not-the-agreed-id' } }));
    await run(TWO_STEP);

    assert.equal(api.sessions.get(TWO_STEP), undefined);
    const status = api.runStatus(TWO_STEP);
    assert.equal(status?.state, 'failed');
    assert.match(status?.state === 'failed' ? status.message : '', /step 2/i);
    const assumed = await stsCalls('AssumeRole');
    assert.deepEqual(assumed.map((e) => [e.status, e.errorCode ?? '']), [[200, ''], [403, 'AccessDenied']]);
    await vscode.commands.executeCommand('roleChains.chains.refresh');
    assert.equal(api.sessions.get(TWO_STEP), undefined, 'a failed run left something in SecretStorage');
    await waitForUi(this, 'sideBarRows', new RegExp(`${TWO_STEP}.*failed`), 'the chain row to show the failure');
  });

  it('a wrong MFA code fails step 1 and stores nothing', async () => {
    const code = await (async () => {
      // Any 6 digits that are not the current code (nor the neighbouring ones the endpoint accepts).
      const right = Number(await seedPrompts().mfaCode({ chainName: TWO_STEP, stepIndex: 0, stepCount: 2, roleArn: SEED.roleA, roleName: 'RoleA', account: SEED.roleAAccount }));
      return String((right + 500_000) % 1_000_000).padStart(6, '0');
    })();
    api.setPromptsForTesting(seedPrompts({ mfaCode: code }));
    await run(TWO_STEP);
    assert.equal(api.sessions.get(TWO_STEP), undefined);
    const status = api.runStatus(TWO_STEP);
    assert.match(status?.state === 'failed' ? status.message : '', /step 1/i);
    const assumed = await stsCalls('AssumeRole');
    assert.equal(assumed.length, 1);
    assert.equal(assumed[0]?.status, 403);
  });

  it("cancelling at step 2's prompt stores nothing, sends nothing more and is not a failure", async () => {
    const prompts = seedPrompts({ cancelAt: { what: 'externalId', stepIndex: 1 } });
    api.setPromptsForTesting(prompts);
    await run(TWO_STEP);
    assert.equal(api.sessions.get(TWO_STEP), undefined);
    assert.notEqual(api.runStatus(TWO_STEP)?.state, 'failed');
    assert.equal((await stsCalls('AssumeRole')).length, 1);
    assert.ok(prompts.asked.some((a) => a.what === 'externalId' && a.stepIndex === 1));
  });

  it("signs in through three hops, each step with the previous step's session", async () => {
    api.setPromptsForTesting(seedPrompts());
    await run(THREE_STEP);
    const session = api.sessions.get(THREE_STEP);
    assert.ok(session, JSON.stringify(api.runStatus(THREE_STEP)));
    assert.deepEqual(session.steps.map((s) => s.roleArn), [SEED.roleA, SEED.roleB, SEED.roleC]);
    const assumed = await stsCalls('AssumeRole');
    assert.deepEqual(assumed.map((e) => e.principal), [SEED.developerArn, session.steps[0]?.assumedRoleArn, session.steps[1]?.assumedRoleArn]);
    // The chain's expiry is its earliest step's.
    assert.equal(session.expiresAt, Math.min(...session.steps.map((s) => s.expiresAt)));
  });

  it('two runs of the same chain at once share one set of prompts and one set of requests', async () => {
    let release: () => void = () => undefined;
    const prompts = seedPrompts({ hold: new Promise<void>((r) => (release = r)) });
    api.setPromptsForTesting(prompts);
    const both = Promise.all([run(TWO_STEP), run(TWO_STEP)]);
    // The first run is held at its first prompt, which it reaches only after both commands were issued and the
    // second has joined it: the overlap is arranged, not left to a think time the second call has to beat.
    await waitFor(() => (prompts.asked.length > 0 ? true : undefined), 'the first prompt');
    release();
    await both;
    assert.ok(api.sessions.get(TWO_STEP));
    assert.equal(prompts.asked.length, 3, `prompts shown: ${prompts.asked.map((a) => a.what).join(', ')}`);
    assert.equal((await stsCalls('AssumeRole')).length, 2);
  });
});
