// Chains made from the UI, as a person would: the Add Role Chain wizard (typed values validated as typed, Back),
// Import from AWS Config with the editor's own config files (AWS_CONFIG_FILE), the imported chain run with its
// remembered ExternalId, then Edit Chain and Delete Chain from the rows' context menus. The workspace ends with the
// chains it started with.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { IMPORTED_PROFILE, IMPORTED_SESSION_NAME } from '../harness/awsConfigFixture';
import { demoChain, TWO_STEP } from '../harness/seedChains';
import { pollUntil } from '../harness/timebox';
import { SEED } from '../localAws/scenario';
import { e2e, failureScreenshot, screenshot } from './context';
import { Workbench } from './workbenchUi';

const ADDED = 'partner-reports';
const EDITED = 'partner-reports-eu';

describe('chains from the UI: the Add Role Chain wizard and Import from AWS Config (packaged extension)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  const settingsFile = () => path.join(new URL(e2e().url).searchParams.get('folder') ?? '', '.vscode', 'settings.json');
  const workspaceChains = () => (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>)['roleChains.chains'] as Array<Record<string, unknown>>;
  const signedIn = (name: string) => wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`^${name}.*signed in`) }).first();

  before(async () => {
    wb = new Workbench(e2e().page);
    await wb.waitReady();
    await wb.runCommand('View: Close All Editors');
    await wb.openChainsView();
    assert.deepEqual(workspaceChains().map((c) => c.name), [TWO_STEP], 'the flows before this one left chains behind');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await failureScreenshot(this.currentTest.title);
  });

  it('Add Role Chain…: name, base profile from the AWS config, two steps validated as typed, Back once → the chain in the tree and the settings', async () => {
    await wb.runCommand('Role Chains: Add Role Chain');

    await wb.waitForInputBox(/^Add Role Chain: name \(1\/\d+\)/);
    await wb.fill('partner reports ');
    await wb.waitForInputMessage(/spaces around it/);
    await wb.fill(TWO_STEP);
    await wb.waitForInputMessage(/already exists/);
    await wb.type(ADDED);

    // Base credentials: the profiles of the config files the editor's environment names.
    await wb.waitForInputBox(/Add Role Chain: base credentials/);
    const profiles = await wb.quickPickTexts();
    assert.ok(profiles.some((p) => /^developer.*access keys/.test(p)), `the base profile is not offered: ${profiles.join(' | ')}`);
    await wb.pick(/^developer/);

    await wb.waitForInputBox(/Add Role Chain: step 1 role/);
    await wb.fill('arn:aws:iam::22222222222:role/RoleA');
    await wb.waitForInputMessage(/12 digits/);
    await wb.type(SEED.roleA);
    await wb.waitForInputBox(/Add Role Chain: step 1 ExternalId/);
    await wb.pick(/^Yes, ask for it/);
    await wb.waitForInputBox(/Add Role Chain: step 1 MFA/);
    await wb.type(SEED.mfaSerial);
    await wb.waitForInputBox(/Add Role Chain: step 1 duration/);
    await wb.type('');
    await wb.waitForInputBox(/Add Role Chain: more steps\?/);
    await wb.pick(/^Add step 2/);

    await wb.waitForInputBox(/Add Role Chain: step 2 role/);
    await wb.type(SEED.roleB);
    await wb.waitForInputBox(/Add Role Chain: step 2 ExternalId/);
    await wb.pick(/^Yes, ask for it/);
    await wb.waitForInputBox(/Add Role Chain: step 2 MFA/);
    await wb.type('');
    await wb.waitForInputBox(/Add Role Chain: step 2 duration/);
    await wb.fill('7200');
    await wb.waitForInputMessage(/at most 3600 s \(role chaining cap\)/);
    await screenshot('10-wizard-chaining-cap');
    await wb.type('3600');

    // One step too many: Back returns to the question before it.
    await wb.waitForInputBox(/Add Role Chain: more steps\?/);
    await wb.pick(/^Add step 3/);
    await wb.waitForInputBox(/Add Role Chain: step 3 role/);
    await wb.quickInputBack();
    await wb.waitForInputBox(/Add Role Chain: more steps\?/);
    await wb.pick(/^Continue.*2 steps/);

    await wb.waitForInputBox(/Add Role Chain: region/);
    assert.equal(await wb.quickInput().locator('input.input').inputValue(), SEED.region, "the base profile's region is offered");
    await wb.type(SEED.region);
    await wb.waitForInputBox(/Add Role Chain: S3 encryption/);
    await wb.pick(/^SSE-S3 \(AES256\)written explicitly/);
    await wb.waitForInputBox(/Add Role Chain: pinned buckets/);
    await wb.type(SEED.bucket2);

    await wb.row(ADDED).waitFor();
    await wb.notification(new RegExp(`Added chain ${ADDED} to your workspace settings`)).waitFor(); // as the person sees it
    await wb.expand(ADDED);
    const rows = await wb.chainsPane().locator('.monaco-list-row').allInnerTexts();
    const at = rows.findIndex((r) => r.startsWith(ADDED));
    assert.match(rows[at + 1] ?? '', /^RoleA.*222222222222.*ExternalId.*MFA/);
    assert.match(rows[at + 2] ?? '', /^RoleB.*333333333333.*ExternalId/);
    await screenshot('11-wizard-chain-added');

    const written = workspaceChains().find((c) => c.name === ADDED);
    assert.deepEqual(written, {
      name: ADDED,
      sourceProfile: 'developer',
      region: SEED.region,
      steps: [
        { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
        { roleArn: SEED.roleB, externalId: 'prompt', durationSeconds: 3600 },
      ],
      s3: { sse: 'AES256', buckets: [SEED.bucket2] },
    });
  });

  it("Import from AWS Config…: the role profile becomes a chain, its external_id remembered only when chosen, and the chain runs without a prompt", async () => {
    await wb.clearNotifications();
    e2e().aws.clearRequestLog();
    await wb.runCommand('Role Chains: Import from AWS Config');
    await wb.waitForInputBox(/^Import from AWS Config \(1 chain\)/);
    const offered = await wb.quickPickTexts();
    assert.equal(offered.length, 1, `offered: ${offered.join(' | ')}`);
    assert.match(offered[0] ?? '', new RegExp(`^${IMPORTED_PROFILE}.*developer → 1 step.*RoleNoMfa \\(ExternalId\\)`, 's'));
    await screenshot('12-import-pick');
    await wb.quickInputButton('OK');

    await wb.waitForInputBox(/Import from AWS Config: where to save the chains/);
    await wb.pick(/^Workspace settings/);
    await wb.waitForInputBox(/Remember these ExternalIds in SecretStorage\?/);
    await wb.pick(new RegExp(`^${IMPORTED_PROFILE} · step 1: RoleNoMfa`));
    await wb.quickInputButton('OK');
    // The state first (the settings file holds the chain), then the summary as the person reads it.
    await pollUntil(() => (workspaceChains().some((c) => c.name === IMPORTED_PROFILE) ? true : undefined), 30_000, 'the imported chain in the settings file', 100);
    const summary = wb.notification(/Imported 1 chain into your workspace settings and remembered 1 ExternalId in SecretStorage\. 1 profile could not be imported/);
    await summary.waitFor();

    const imported = workspaceChains().find((c) => c.name === IMPORTED_PROFILE);
    assert.deepEqual(imported, {
      name: IMPORTED_PROFILE,
      sourceProfile: 'developer',
      region: SEED.region,
      steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt', sessionName: IMPORTED_SESSION_NAME }],
    });
    assert.ok(!fs.readFileSync(settingsFile(), 'utf8').includes(SEED.externalIdNoMfa), 'the external_id was copied into the settings');
    assert.deepEqual(e2e().aws.requestLog(), [], 'importing sent a request');

    // The remembered ExternalId is used: no input box, the profile's session name in the identity.
    await wb.clickInline(IMPORTED_PROFILE, 'Run Role Chain');
    await signedIn(IMPORTED_PROFILE).waitFor();
    await wb.expand(IMPORTED_PROFILE);
    await wb.rowMatching(new RegExp(`RoleNoMfa[\\s\\S]*· as ${IMPORTED_SESSION_NAME}`)).waitFor();
    assert.equal(await wb.openInputBoxTitle(), undefined, 'an input box asked for the remembered ExternalId');
    const calls = e2e().aws.requestLog().filter((e) => e.operation === 'AssumeRole');
    assert.deepEqual(calls.map((e) => [e.status, e.principal]), [[200, SEED.developerArn]]);
    await screenshot('13-imported-chain-signed-in');
  });

  it('Edit Chain… on the row: the wizard starts filled in; renamed and moved to another region in place', async () => {
    await wb.contextMenu(wb.row(ADDED), 'Edit Chain');
    const seen: string[] = [];
    for (let page = 0; page < 30; page++) {
      const title = await wb.waitForInputBox(new RegExp(`^Edit Chain ${ADDED}: `)).catch(() => undefined);
      if (title === undefined || seen.at(-1) === title) break;
      seen.push(title);
      const value = await wb.quickInput().locator('input.input').inputValue();
      if (/: name /.test(title)) {
        assert.equal(value, ADDED);
        await wb.type(EDITED);
      } else if (/: step 1 role /.test(title)) {
        assert.equal(value, SEED.roleA);
        await wb.type(value);
      } else if (/: region /.test(title)) {
        await wb.type('eu-west-1');
      } else {
        await wb.quickInput().locator('input.input').press('Enter'); // the prefilled value or the current choice
      }
      await wb.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden', timeout: 10_000 });
      if (/pinned buckets/.test(title)) break;
    }
    assert.ok(seen.some((t) => /pinned buckets/.test(t)), `the wizard stopped early: ${seen.join(' | ')}`);
    await wb.row(EDITED).waitFor();
    const names = workspaceChains().map((c) => c.name);
    assert.deepEqual(names, [TWO_STEP, EDITED, IMPORTED_PROFILE], 'the edited chain keeps its place');
    const edited = workspaceChains().find((c) => c.name === EDITED);
    assert.equal(edited?.region, 'eu-west-1');
    assert.deepEqual(edited?.s3, { sse: 'AES256', buckets: [SEED.bucket2] });
  });

  it('Delete Chain… asks first, signs out, and leaves the workspace with the chains it started with', async () => {
    for (const name of [EDITED, IMPORTED_PROFILE]) {
      await wb.contextMenu(wb.row(name), 'Delete Chain');
      await wb.dialog(new RegExp(`Delete role chain "${name}"\\?`)).waitFor();
      await wb.dialogButton('Delete');
      await wb.row(name).waitFor({ state: 'detached' });
    }
    assert.deepEqual(workspaceChains(), [demoChain()]);
    assert.equal(await wb.statusBarItem(new RegExp(`${IMPORTED_PROFILE} · `)).count(), 0, 'the deleted chain is still signed in');
  });
});
