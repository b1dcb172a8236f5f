// Beyond signing in, through the real commands in the extension host against the local endpoint: Import from AWS
// Config, the Add/Edit/Delete Chain wizard, remembered ExternalIds, terminals with chain credentials, console
// sign-in, the policy generator and expiry warnings with silent refresh. Dialogs, QuickInputs and the browser are
// answered through the extension's testing hook; everything else (settings, SecretStorage, terminals, documents,
// the endpoint) is real.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtrasUi } from '../../src/ui/shared/dialogs';
import type { Answer, Question } from '../../src/ui/chainEditor/wizardUi';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { ONE_STEP, TWO_STEP, oneStepChain } from '../harness/seedChains';
import { SEED } from '../localAws/scenario';
import { awsCliVersion, endpointAwareAwsCli, runAwsCli } from '../support/awsCli';
import { EXTRAS_COMMANDS } from './extrasCommands';
import { skipBecause } from '../support/skip';
import { EXTENSION_ID, control, resetState, seedPrompts, showChainsView, signIn, testingApi, waitFor } from './support';

type Notice = { kind: string; message: string; actions: string[] };
type PickCall = { title: string; labels: string[] };

/** What the commands showed, and the answers the person gives (unanswered: dismissed). */
interface Script {
  pick?: (labels: string[], title: string) => string | undefined;
  pickMany?: (labels: string[], title: string) => string[] | undefined;
  input?: (options: vscode.InputBoxOptions) => string | undefined;
  confirm?: (message: string, detail: string) => boolean;
  notify?: (notice: Notice) => string | undefined;
  openExternal?: (uri: vscode.Uri) => boolean;
  wizard?: (q: Question) => Answer;
}

interface Recorded {
  picks: PickCall[];
  pickManys: Array<PickCall & { separators: string[] }>;
  inputs: vscode.InputBoxOptions[];
  confirms: Array<{ message: string; detail: string }>;
  notices: Notice[];
  opened: vscode.Uri[];
  questions: Question[];
}

const EXTERNAL_ID_ANSWERS = /Remember the ExternalId/;
const ENDPOINT = (): string => {
  const endpoint = process.env.ROLE_CHAINS_IT_ENDPOINT;
  assert.ok(endpoint, 'ROLE_CHAINS_IT_ENDPOINT is not set: run this suite through test/harness');
  return endpoint;
};

describe('extras: import, wizard, remembered ExternalIds, terminals, console, policies, expiry', function () {
  this.timeout(60_000);
  let api: RoleChainsTestingApi;
  const invoked = new Set<string>();
  const exec = <T = unknown>(id: string, ...args: unknown[]): Thenable<T> => {
    invoked.add(id);
    return vscode.commands.executeCommand<T>(id, ...args);
  };
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('roleChains');
  let workspaceChains: unknown[];

  /** Installs scripted answers; returns what the commands showed. */
  function script(s: Script): Recorded {
    const rec: Recorded = { picks: [], pickManys: [], inputs: [], confirms: [], notices: [], opened: [], questions: [] };
    const label = (i: vscode.QuickPickItem): string => i.label;
    const ui: Partial<ExtrasUi> = {
      pick: (items, options) => {
        const labels = items.map(label);
        rec.picks.push({ title: options.title ?? '', labels });
        const chosen = s.pick?.(labels, options.title ?? '');
        return Promise.resolve(items.find((i) => i.label === chosen));
      },
      pickMany: (items, options) => {
        const choices = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
        const separators = items.filter((i) => i.kind === vscode.QuickPickItemKind.Separator).map(label);
        rec.pickManys.push({ title: options.title ?? '', labels: choices.map(label), separators });
        const chosen = s.pickMany?.(choices.map(label), options.title ?? '');
        return Promise.resolve(chosen === undefined ? undefined : choices.filter((i) => chosen.includes(i.label)));
      },
      input: (options) => {
        rec.inputs.push(options);
        return Promise.resolve(s.input?.(options));
      },
      confirm: (message, detail) => {
        rec.confirms.push({ message, detail });
        return Promise.resolve(s.confirm?.(message, detail) ?? false);
      },
      notify: (kind, message, ...actions) => {
        const notice = { kind, message, actions };
        rec.notices.push(notice);
        return Promise.resolve(s.notify?.(notice));
      },
      openExternal: (uri) => {
        rec.opened.push(uri);
        return Promise.resolve(s.openExternal?.(uri) ?? true);
      },
      wizard: {
        ask: async (q) => {
          rec.questions.push(q);
          return s.wizard ? s.wizard(q) : undefined;
        },
      },
    };
    api.extras.setUiForTesting(ui);
    return rec;
  }

  const workspaceValue = (): Array<Record<string, unknown>> => (config().inspect<Array<Record<string, unknown>>>('chains')?.workspaceValue ?? []) as Array<Record<string, unknown>>;
  const chainInSettings = (name: string): Record<string, unknown> | undefined => workspaceValue().find((c) => c.name === name);
  const restoreChains = async (): Promise<void> => {
    await config().update('chains', workspaceChains, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => (api.treeRows().filter((r) => r.depth === 0).length === workspaceChains.length ? true : undefined), 'the Chains view to show the original chains');
  };
  const addToWorkspace = async (chain: Record<string, unknown>): Promise<void> => {
    await config().update('chains', [...workspaceValue(), chain], vscode.ConfigurationTarget.Workspace);
    await waitFor(() => (api.treeRows().some((r) => r.depth === 0 && r.label === chain.name) ? true : undefined), `${String(chain.name)} in the Chains view`);
  };
  const forgetAll = async (): Promise<void> => {
    const ids = api.extras.rememberedExternalIds();
    const chains = new Set(ids.map((e) => e.chainName));
    script({});
    for (const chain of chains) await vscode.commands.executeCommand('roleChains.externalIds.forget', chain);
    await waitFor(() => (api.extras.rememberedExternalIds().length === 0 ? true : undefined), 'no remembered ExternalIds');
  };
  /** Signs in with the seed answers while a scripted UI accepts the offer to remember what was typed. */
  const signInRemembering = async (chainName: string): Promise<void> => {
    script({ notify: (n) => (EXTERNAL_ID_ANSWERS.test(n.message) ? 'Remember' : undefined) });
    await signIn(api, chainName);
    await waitFor(() => (api.extras.rememberedExternalIds(chainName).length > 0 ? true : undefined), `the ExternalIds of ${chainName} to be remembered`);
  };

  before(async () => {
    api = await testingApi();
    await api.extras.externalIdsLoaded;
    await showChainsView();
    workspaceChains = [...(config().inspect<unknown[]>('chains')?.workspaceValue ?? [])];
    assert.ok(workspaceChains.length > 0, 'the test workspace defines its chains');
  });
  beforeEach(async () => {
    api.extras.setUiForTesting(undefined);
    await resetState(api);
  });
  afterEach(() => api.extras.setUiForTesting(undefined));
  after(async () => {
    await forgetAll();
    api.extras.setUiForTesting(undefined);
    await restoreChains();
    await resetState(api);
  });

  describe('Import from AWS Config', () => {
    let dir: string;
    const saved: Record<string, string | undefined> = {};

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-it-aws-'));
      fs.writeFileSync(
        path.join(dir, 'config'),
        [
          '[profile base]',
          `region = ${SEED.region}`,
          '[profile imported-nomfa]',
          `role_arn = ${SEED.roleNoMfa}`,
          'source_profile = base',
          `external_id = ${SEED.externalIdNoMfa}`,
          'duration_seconds = 1800',
          '[profile loop-a]',
          `role_arn = ${SEED.roleA}`,
          'source_profile = loop-b',
          '[profile loop-b]',
          `role_arn = ${SEED.roleB}`,
          'source_profile = loop-a',
          '[profile orphan]',
          `role_arn = ${SEED.roleC}`,
          'source_profile = nowhere',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(dir, 'credentials'), `[base]\naws_access_key_id = ${SEED.developerAccessKeyId}\naws_secret_access_key = ${SEED.developerSecretAccessKey}\n`);
      // Honoured by the import as by the SDK when the imported chain runs with sourceProfile "base".
      for (const v of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) saved[v] = process.env[v];
      process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    });
    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      await forgetAll();
      await restoreChains();
    });

    it('shows the chains and the problems, writes the picked ones to the chosen settings and remembers ExternalIds only on request', async () => {
      const rec = script({
        pickMany: (labels, title) => (/Remember/.test(title) ? labels : labels.filter((l) => l === 'imported-nomfa')),
        pick: (labels) => labels.find((l) => l === 'Workspace settings'),
        notify: () => undefined,
      });
      await exec('roleChains.importConfig.fromAwsConfig');

      const list = rec.pickManys[0];
      assert.ok(list, 'no pick of the chains to import');
      assert.deepEqual(list.labels, ['imported-nomfa']);
      assert.ok(list.separators.some((s) => /loop-a.*loop/.test(s)), `the loop is not shown: ${list.separators.join(' | ')}`);
      assert.ok(list.separators.some((s) => /orphan.*"nowhere"/.test(s)), 'the missing source profile is not shown');
      assert.deepEqual(rec.picks[0]?.labels.sort(), ['User settings', 'Workspace settings']);

      const written = chainInSettings('imported-nomfa');
      assert.deepEqual(written, {
        name: 'imported-nomfa',
        sourceProfile: 'base',
        region: SEED.region,
        steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt', durationSeconds: 1800 }],
      });
      assert.ok(!JSON.stringify(workspaceValue()).includes(SEED.externalIdNoMfa), 'the external_id was copied into settings');

      assert.match(rec.pickManys[1]?.title ?? '', /Remember/);
      assert.deepEqual(api.extras.rememberedExternalIds('imported-nomfa'), [{ chainName: 'imported-nomfa', stepIndex: 0, roleArn: SEED.roleNoMfa }]);
      const summary = rec.notices.at(-1)?.message ?? '';
      assert.match(summary, /Imported 1 chain into your workspace settings and remembered 1 ExternalId/);
      assert.match(summary, /3 profiles could not be imported/);
      assert.deepEqual(api.extras.chainsSelection(), ['chain/imported-nomfa']);

      // The imported chain runs from the profile's keys, with the remembered ExternalId and no prompt.
      const prompts = seedPrompts();
      api.setPromptsForTesting(prompts);
      await vscode.commands.executeCommand('roleChains.chains.run', 'imported-nomfa');
      api.setPromptsForTesting(undefined);
      const session = api.sessions.get('imported-nomfa');
      assert.ok(session, JSON.stringify(api.runStatus('imported-nomfa')));
      assert.match(session.steps[0]?.assumedRoleArn ?? '', /assumed-role\/RoleNoMfa\//);
      assert.deepEqual(prompts.asked, [], 'a remembered ExternalId was asked for');
    });

    it('a name that exists already: keep both (suffixed), replace or skip; nothing remembered unless picked', async () => {
      const rec = script({
        pickMany: (labels, title) => (/Remember/.test(title) ? [] : labels),
        pick: (labels) => labels.find((l) => l === 'Workspace settings' || l === 'Keep both'),
      });
      await exec('roleChains.importConfig.fromAwsConfig');
      assert.ok(chainInSettings('imported-nomfa'));
      assert.ok(chainInSettings('imported-nomfa-2'), `names now: ${workspaceValue().map((c) => String(c.name)).join(', ')}`);
      assert.match(rec.picks[1]?.title ?? '', /imported-nomfa already exists/);
      assert.deepEqual(api.extras.rememberedExternalIds('imported-nomfa-2'), []);

      // Replace: the settings' copy (edited here) gives way to the AWS config's version, in place.
      await config().update('chains', workspaceValue().map((c) => (c.name === 'imported-nomfa' ? { ...c, region: 'eu-west-1' } : c)), vscode.ConfigurationTarget.Workspace);
      const before = workspaceValue().length;
      const at = workspaceValue().findIndex((c) => c.name === 'imported-nomfa');
      script({ pickMany: (labels, title) => (/Remember/.test(title) ? [] : labels.filter((l) => l === 'imported-nomfa')), pick: (labels) => labels.find((l) => l === 'Workspace settings' || l === 'Replace the existing chains') });
      await exec('roleChains.importConfig.fromAwsConfig');
      assert.equal(workspaceValue().length, before);
      assert.equal(workspaceValue()[at]?.region, SEED.region, 'the chain was not replaced');

      const skipped = script({ pickMany: (labels, title) => (/Remember/.test(title) ? [] : labels), pick: (labels) => labels.find((l) => l === 'Workspace settings' || l === 'Skip them') });
      await exec('roleChains.importConfig.fromAwsConfig');
      assert.equal(workspaceValue().length, before, 'a skipped chain was written');
      assert.match(skipped.notices.at(-1)?.message ?? '', /Nothing imported/);
    });
  });

  describe('Add / Edit / Delete Chain', () => {
    afterEach(async () => {
      await forgetAll();
      await restoreChains();
    });

    it('add: a multi-step wizard with Back and validation as you type writes the chain where the view reads it and selects it', async () => {
      const validation: Record<string, string | undefined> = {};
      let wentBack = false;
      const answers: Record<string, string> = {
        name: 'wizard-chain',
        sourceProfile: '$default',
        'step1.roleArn': SEED.roleA,
        'step1.externalId': 'prompt',
        'step1.mfaSerial': SEED.mfaSerial,
        'step1.durationSeconds': '',
        'step1.more': 'add',
        'step2.roleArn': SEED.roleB,
        'step2.externalId': 'prompt',
        'step2.mfaSerial': '',
        'step2.durationSeconds': '3600',
        'step2.more': 'done',
        region: SEED.region,
        's3.sse': 'AES256',
        's3.buckets': SEED.bucket2,
      };
      const rec = script({
        wizard: (q) => {
          if (q.kind === 'input') {
            if (q.id === 'name') {
              validation.empty = q.validate('');
              validation.taken = q.validate(TWO_STEP);
            }
            if (q.id === 'step1.roleArn') validation.sessionArn = q.validate('arn:aws:sts::222222222222:assumed-role/RoleA/me');
            if (q.id === 'step2.durationSeconds') {
              validation.chainedCap = q.validate('7200');
              if (!wentBack) {
                wentBack = true;
                return { back: true };
              }
            }
            if (q.id === 's3.buckets') validation.bucket = q.validate('Bad_Bucket');
          }
          const value = answers[q.id];
          return value === undefined ? undefined : { value };
        },
      });
      await exec('roleChains.chainEditor.add');

      const ids = rec.questions.map((q) => q.id);
      assert.deepEqual(ids.slice(0, 3), ['name', 'sourceProfile', 'step1.roleArn']);
      // Back from step 2's duration returned to step 2's MFA page.
      const back = ids.indexOf('step2.durationSeconds');
      assert.equal(ids[back + 1], 'step2.mfaSerial');
      assert.equal(rec.questions[0]?.canGoBack, false);
      assert.ok(rec.questions.slice(1).every((q) => q.canGoBack));
      assert.deepEqual(rec.questions.slice(0, 4).map((q) => q.step), [1, 2, 3, 4]);
      assert.ok(rec.questions.every((q) => q.totalSteps >= q.step && /^Add Role Chain: /.test(q.title)));
      assert.match(validation.empty ?? '', /name/i);
      assert.match(validation.taken ?? '', /already exists/);
      assert.match(validation.sessionArn ?? '', /session ARN/);
      assert.match(validation.chainedCap ?? '', /3600/);
      assert.match(validation.bucket ?? '', /lowercase/);

      assert.deepEqual(chainInSettings('wizard-chain'), {
        name: 'wizard-chain',
        region: SEED.region,
        steps: [
          { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
          { roleArn: SEED.roleB, externalId: 'prompt', durationSeconds: 3600 },
        ],
        s3: { sse: 'AES256', buckets: [SEED.bucket2] },
      });
      await waitFor(() => (api.extras.chainsSelection().includes('chain/wizard-chain') ? true : undefined), 'the new chain to be selected in the view');
      // What the wizard wrote is a chain that runs.
      const session = await signIn(api, 'wizard-chain');
      assert.match(session.steps[1]?.assumedRoleArn ?? '', /assumed-role\/RoleB\//);
    });

    it('add: dismissing the wizard writes nothing', async () => {
      const before = JSON.stringify(workspaceValue());
      const rec = script({ wizard: (q) => (q.id === 'name' ? { value: 'never-written' } : undefined) });
      await exec('roleChains.chainEditor.add');
      assert.deepEqual(rec.questions.map((q) => q.id), ['name', 'sourceProfile']);
      assert.equal(JSON.stringify(workspaceValue()), before);
    });

    it('edit: the wizard starts prefilled; a rename keeps the place, signs out of the old name and moves its remembered ExternalIds', async () => {
      await addToWorkspace({ ...oneStepChain(), name: 'to-edit' });
      await signInRemembering('to-edit');
      const index = workspaceValue().findIndex((c) => c.name === 'to-edit');
      const rec = script({ wizard: (q) => (q.id === 'name' ? { value: 'edited' } : { value: q.value ?? '' }) });
      await exec('roleChains.chainEditor.edit', { chainName: 'to-edit' });

      const prefilled = Object.fromEntries(rec.questions.map((q) => [q.id, q.value]));
      assert.equal(prefilled.name, 'to-edit');
      assert.equal(prefilled['step1.roleArn'], SEED.roleNoMfa);
      assert.equal(prefilled['step1.externalId'], 'prompt');
      assert.equal(prefilled.region, SEED.region);
      assert.match(rec.questions[0]?.title ?? '', /^Edit Chain to-edit/);
      assert.equal(workspaceValue()[index]?.name, 'edited');
      assert.deepEqual(workspaceValue()[index]?.steps, [{ roleArn: SEED.roleNoMfa, externalId: 'prompt' }]);
      assert.equal(chainInSettings('to-edit'), undefined);
      assert.equal(api.sessions.get('to-edit'), undefined, 'still signed in under the old name');
      assert.deepEqual(api.extras.rememberedExternalIds('to-edit'), []);
      assert.deepEqual(api.extras.rememberedExternalIds('edited').map((e) => e.roleArn), [SEED.roleNoMfa]);
    });

    it('delete: asks first; then removes the chain, signs out and forgets its remembered ExternalIds', async () => {
      await addToWorkspace({ ...oneStepChain(), name: 'to-delete' });
      await signInRemembering('to-delete');

      const declined = script({ confirm: () => false });
      await exec('roleChains.chainEditor.delete', { chainName: 'to-delete' });
      assert.match(declined.confirms[0]?.message ?? '', /Delete role chain "to-delete"/);
      assert.ok(chainInSettings('to-delete'), 'deleted without confirmation');
      assert.ok(api.sessions.get('to-delete'));

      script({ confirm: () => true });
      await exec('roleChains.chainEditor.delete', { chainName: 'to-delete' });
      assert.equal(chainInSettings('to-delete'), undefined);
      assert.equal(api.sessions.get('to-delete'), undefined);
      assert.deepEqual(api.extras.rememberedExternalIds('to-delete'), []);
      await waitFor(() => (api.treeRows().some((r) => r.label === 'to-delete') ? undefined : true), 'the row to leave the Chains view');
    });
  });

  describe('remembered ExternalIds', () => {
    afterEach(forgetAll);

    it('offered after a successful run, then used without asking; Forget makes the next run ask again', async () => {
      const rec = script({ notify: (n) => (EXTERNAL_ID_ANSWERS.test(n.message) ? 'Remember' : undefined) });
      const first = seedPrompts();
      api.setPromptsForTesting(first);
      await vscode.commands.executeCommand('roleChains.chains.run', ONE_STEP);
      assert.deepEqual(first.asked.map((a) => a.what), ['externalId']);
      await waitFor(() => (api.extras.rememberedExternalIds(ONE_STEP).length === 1 ? true : undefined), 'the ExternalId to be remembered');
      const offer = rec.notices.find((n) => EXTERNAL_ID_ANSWERS.test(n.message));
      assert.ok(offer && !offer.message.includes(SEED.externalIdNoMfa), 'the offer showed the value');

      await vscode.commands.executeCommand('roleChains.chains.signOut', ONE_STEP);
      const second = seedPrompts();
      api.setPromptsForTesting(second);
      await vscode.commands.executeCommand('roleChains.chains.run', ONE_STEP);
      assert.ok(api.sessions.get(ONE_STEP), JSON.stringify(api.runStatus(ONE_STEP)));
      assert.deepEqual(second.asked, [], 'the remembered ExternalId was asked for');

      const forget = script({ pickMany: (labels) => labels });
      await exec('roleChains.externalIds.forget');
      assert.deepEqual(forget.pickManys[0]?.labels, [`${ONE_STEP} · step 1`]);
      assert.deepEqual(api.extras.rememberedExternalIds(), []);
      assert.match(forget.notices.at(-1)?.message ?? '', /Forgot 1 remembered ExternalId/);

      await vscode.commands.executeCommand('roleChains.chains.signOut', ONE_STEP);
      const third = seedPrompts();
      api.setPromptsForTesting(third);
      await vscode.commands.executeCommand('roleChains.chains.run', ONE_STEP);
      assert.deepEqual(third.asked.map((a) => a.what), ['externalId']);
      api.setPromptsForTesting(undefined);
    });

    it('a remembered value is used only for the role it was typed for; a failed run offers nothing', async () => {
      await addToWorkspace({ ...oneStepChain(), name: 'swap-role' });
      await signInRemembering('swap-role');
      await vscode.commands.executeCommand('roleChains.chains.signOut', 'swap-role');
      // The chain now assumes another role: the value agreed for RoleNoMfa must not be sent to it.
      await config().update(
        'chains',
        workspaceValue().map((c) => (c.name === 'swap-role' ? { ...c, steps: [{ roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial }] } : c)),
        vscode.ConfigurationTarget.Workspace,
      );
      await waitFor(() => (stepRows(api, 'swap-role')[0]?.label === 'RoleA' ? true : undefined), 'the edited chain in the view');
      const rec = script({ notify: (n) => (EXTERNAL_ID_ANSWERS.test(n.message) ? 'Remember' : undefined) });
      const prompts = seedPrompts({ externalIds: { [SEED.roleA]: 'not-the-agreed-id' } });
      api.setPromptsForTesting(prompts);
      await vscode.commands.executeCommand('roleChains.chains.run', 'swap-role');
      api.setPromptsForTesting(undefined);
      assert.deepEqual(prompts.asked.map((a) => a.what).sort(), ['externalId', 'mfaCode']);
      assert.equal(api.runStatus('swap-role')?.state, 'failed');
      assert.equal(rec.notices.filter((n) => EXTERNAL_ID_ANSWERS.test(n.message)).length, 0, 'a failed run offered to remember its answer');
      assert.deepEqual(api.extras.rememberedExternalIds('swap-role').map((e) => e.roleArn), [SEED.roleNoMfa]);
      await restoreChains();
    });
  });

  describe('terminal with chain credentials', () => {
    const opened: vscode.Terminal[] = [];
    afterEach(() => {
      for (const t of opened.splice(0)) t.dispose();
    });

    const openTerminal = async (arg: unknown, name: RegExp): Promise<vscode.Terminal> => {
      const before = new Set(vscode.window.terminals);
      await exec('roleChains.terminal.open', arg);
      const terminal = await waitFor(() => vscode.window.terminals.find((t) => !before.has(t) && name.test(t.name)), `a terminal named ${name}`);
      opened.push(terminal);
      return terminal;
    };
    const envOf = (t: vscode.Terminal): Record<string, string | null | undefined> => (t.creationOptions as vscode.TerminalOptions).env ?? {};
    const fetchCredentials = async (env: Record<string, string | null | undefined>): Promise<{ status: number; body: Record<string, string> }> => {
      const res = await fetch(String(env.AWS_CONTAINER_CREDENTIALS_FULL_URI), {
        headers: { Authorization: String(env.AWS_CONTAINER_AUTHORIZATION_TOKEN) },
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };

    it("has no secret in its environment; its token fetches the step's credentials, which identify as that step; closing it revokes the token", async () => {
      const session = await signIn(api, TWO_STEP);
      const terminal = await openTerminal({ chainName: TWO_STEP, stepIndex: 0 }, new RegExp(`AWS ${TWO_STEP} · step 1`));
      const env = envOf(terminal);
      assert.match(String(env.AWS_CONTAINER_CREDENTIALS_FULL_URI), /^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
      assert.match(String(env.AWS_CONTAINER_AUTHORIZATION_TOKEN), /^[0-9a-f]{64}$/);
      assert.equal(env.AWS_REGION, SEED.region);
      for (const v of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) assert.equal(env[v], null, `${v} is not cleared`);
      // The harness sets path-style, so the config file is the generated one (next test); credentials stay hidden.
      assert.ok(!fs.existsSync(String(env.AWS_SHARED_CREDENTIALS_FILE)), 'the hidden shared-files path exists');
      assert.equal((await api.extras.terminalEndpoint())?.url, env.AWS_CONTAINER_CREDENTIALS_FULL_URI);

      const served = await fetchCredentials(env);
      assert.equal(served.status, 200);
      const envText = JSON.stringify(env);
      for (const secret of [served.body.SecretAccessKey, served.body.Token, served.body.AccessKeyId, SEED.developerSecretAccessKey, SEED.externalIdA, SEED.externalIdB]) {
        assert.ok(secret && !envText.includes(secret), 'a secret is in the terminal environment');
      }

      // What an AWS CLI in that terminal sees: the chain's step 1 identity, from the local endpoint.
      const identity = await callerIdentity(env);
      assert.equal(identity.code, 0, identity.stderr);
      assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, session.steps[0]?.assumedRoleArn);

      terminal.dispose();
      await waitFor(async () => ((await fetchCredentials(env)).status === 403 ? true : undefined), 'the closed terminal\'s token to be refused');
      const refused = await callerIdentity(env);
      assert.notEqual(refused.code, 0, 'the CLI still got credentials after the terminal closed');
    });

    it('follows a re-run of the chain; sign-out revokes; a chain row opens the last step', async () => {
      await signIn(api, TWO_STEP);
      const terminal = await openTerminal({ chainName: TWO_STEP }, new RegExp(`^AWS ${TWO_STEP}$`));
      const env = envOf(terminal);
      const first = await fetchCredentials(env);
      assert.equal(first.status, 200);

      await signIn(api, TWO_STEP);
      const second = await fetchCredentials(env);
      assert.equal(second.status, 200);
      assert.notEqual(second.body.AccessKeyId, first.body.AccessKeyId, 'the terminal still gets the old session');
      const identity = await callerIdentity(env);
      assert.match((JSON.parse(identity.stdout || '{}') as { Arn?: string }).Arn ?? identity.stderr, /assumed-role\/RoleB\//);

      await vscode.commands.executeCommand('roleChains.chains.signOut', TWO_STEP);
      await waitFor(async () => ((await fetchCredentials(env)).status === 403 ? true : undefined), 'sign-out to revoke the token');
      await signIn(api, TWO_STEP);
      assert.equal((await fetchCredentials(env)).status, 403, 'a revoked token came back to life after signing in again');
    });
  });

  describe('terminal with chain credentials and custom endpoints', () => {
    const opened: vscode.Terminal[] = [];
    afterEach(() => {
      for (const t of opened.splice(0)) t.dispose();
    });
    const openLastStepTerminal = async (): Promise<Record<string, string | null | undefined>> => {
      const before = new Set(vscode.window.terminals);
      await exec('roleChains.terminal.open', { chainName: TWO_STEP });
      const terminal = await waitFor(() => vscode.window.terminals.find((t) => !before.has(t) && t.name === `AWS ${TWO_STEP}`), 'the chain terminal');
      opened.push(terminal);
      return (terminal.creationOptions as vscode.TerminalOptions).env ?? {};
    };
    /** What `aws sts get-caller-identity` and `aws s3 ls s3://bucket2/` did at the local endpoint, as RoleB. */
    const checkReachedLocalEndpoint = async (cli: string, terminalEnv: Record<string, string | null | undefined>): Promise<void> => {
      await control.clearRequestLog();
      // Should the CLI ignore the endpoint, its request meets a closed local port instead of AWS's endpoints.
      const env = { ...terminalEnv, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost' };
      const identity = await runAwsCli(cli, ['sts', 'get-caller-identity', '--output', 'json'], env);
      assert.equal(identity.code, 0, identity.stderr);
      assert.match((JSON.parse(identity.stdout) as { Arn: string }).Arn, /^arn:aws:sts::333333333333:assumed-role\/RoleB\//);
      const listing = await runAwsCli(cli, ['s3', 'ls', `s3://${SEED.bucket2}/`], env);
      assert.equal(listing.code, 0, listing.stderr);
      const log = await control.requestLog();
      const asRoleB = (e: { principal?: string }): boolean => /assumed-role\/RoleB\//.test(e.principal ?? '');
      assert.ok(log.some((e) => e.service === 'sts' && e.operation === 'GetCallerIdentity' && e.status === 200 && asRoleB(e)), 'get-caller-identity did not reach the local endpoint');
      assert.ok(log.some((e) => e.service === 's3' && e.bucket === SEED.bucket2 && e.status === 200 && asRoleB(e)), 's3 ls did not reach the local endpoint');
    };

    /** The shim's folder, first on the terminal's PATH, and that PATH with what follows the shim replaced. */
    const shimOf = (env: Record<string, string | null | undefined>): { dir: string; pathWith: (...rest: string[]) => string } => {
      const [dir = ''] = String(env.PATH).split(path.delimiter);
      return { dir, pathWith: (...rest) => [dir, ...rest].join(path.delimiter) };
    };

    it('gets AWS_ENDPOINT_URL_STS/S3, a generated path-style config and an aws shim first on PATH, none holding a secret; plain `aws` with Debian\'s CLI reaches the local endpoint', async () => {
      await signIn(api, TWO_STEP);
      const env = await openLastStepTerminal();
      assert.equal(env.AWS_ENDPOINT_URL_STS, ENDPOINT());
      assert.equal(env.AWS_ENDPOINT_URL_S3, ENDPOINT());
      assert.notEqual(env.AWS_CONFIG_FILE, env.AWS_SHARED_CREDENTIALS_FILE);
      assert.ok(!fs.existsSync(String(env.AWS_SHARED_CREDENTIALS_FILE)), 'the hidden shared credentials path exists');
      const config = fs.readFileSync(String(env.AWS_CONFIG_FILE), 'utf8');
      assert.match(config, /^\s*addressing_style = path$/m);
      const shim = shimOf(env);
      // The rest of the PATH is the editor's own, so every other command resolves as in any terminal.
      assert.equal(env.PATH, shim.pathWith(String(process.env.PATH)));
      const script = fs.readFileSync(path.join(shim.dir, 'aws'), 'utf8');
      assert.match(script, /--endpoint-url/);
      const served = await fetch(String(env.AWS_CONTAINER_CREDENTIALS_FULL_URI), { headers: { Authorization: String(env.AWS_CONTAINER_AUTHORIZATION_TOKEN) }, signal: AbortSignal.timeout(10_000) });
      const issued = (await served.json()) as Record<string, string>;
      for (const secret of [issued.SecretAccessKey, issued.Token, SEED.developerSecretAccessKey]) {
        assert.ok(secret && !config.includes(secret), 'a secret is in the generated config file');
        assert.ok(!script.includes(secret), 'a secret is in the aws shim');
      }
      // Debian 12's awscli (/usr/bin/aws, 2.9) ignores the endpoint variables (read from 2.13 on): the same words a
      // person types, `aws sts get-caller-identity` and `aws s3 ls`, reach the local endpoint through the shim.
      const debian = await awsCliVersion('/usr/bin/aws');
      console.log(`      (/usr/bin/aws is ${debian?.join('.') ?? 'missing'}${debian && ((debian[0] === 2 && debian[1] < 13) || (debian[0] === 1 && debian[1] < 29)) ? ', which ignores AWS_ENDPOINT_URL_*' : ''})`);
      await checkReachedLocalEndpoint('aws', { ...env, PATH: shim.pathWith('/usr/bin', '/bin') });
    });

    it('an AWS CLI that reads the endpoint variables (v2 ≥ 2.13, v1 ≥ 1.29) reaches the local endpoint through the shim unchanged', async function () {
      const found = await endpointAwareAwsCli();
      if (!found) {
        skipBecause(this, `no AWS CLI that reads AWS_ENDPOINT_URL_* on the extension host's PATH; /usr/bin/aws is ${(await awsCliVersion('/usr/bin/aws'))?.join('.') ?? 'missing'}`);
      }
      await signIn(api, TWO_STEP);
      const env = await openLastStepTerminal();
      const shim = shimOf(env);
      await checkReachedLocalEndpoint('aws', { ...env, PATH: shim.pathWith(path.dirname(found.cli), '/usr/bin', '/bin') });
    });
  });

  describe('console sign-in', () => {
    // The harness points the machine-scoped roleChains.federationEndpoint at the local endpoint (user settings):
    // written from here it would land in the remote machine's settings and shadow the other endpoint settings.
    before(() => assert.equal(config().inspect('federationEndpoint')?.globalValue, ENDPOINT()));

    it('asks first, naming the role and that the link is a credential; then opens a sign-in link of the local federation endpoint that logs in', async () => {
      await signIn(api, TWO_STEP);
      await control.clearRequestLog();
      const declined = script({ confirm: () => false });
      await exec('roleChains.console.open', { chainName: TWO_STEP, stepIndex: 1 });
      assert.equal(declined.opened.length, 0);
      assert.match(declined.confirms[0]?.message ?? '', /RoleB.*333333333333/);
      assert.match(declined.confirms[0]?.detail ?? '', /credential/i);
      // Only the console's own requests count: the S3 view may still be listing the session it just got.
      const consoleRequests = (await control.requestLog()).filter((e) => e.service !== 's3');
      assert.deepEqual(consoleRequests.map((e) => `${e.service} ${e.operation}`), [], 'a request was sent before the confirmation');

      const rec = script({ confirm: () => true });
      await exec('roleChains.console.open', { chainName: TWO_STEP, stepIndex: 1 });
      const uri = rec.opened[0];
      assert.ok(uri, `nothing opened; notices: ${JSON.stringify(rec.notices)}`);
      // What VS Code's opener hands the browser for a Uri.
      const href = encodeURI(uri.toString(true));
      assert.ok(href.startsWith(`${ENDPOINT()}/federation?`), href.slice(0, 60));
      const params = new URL(href).searchParams;
      assert.equal(params.get('Action'), 'login');
      assert.equal(params.get('SessionDuration'), null);
      const login = await fetch(href, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      assert.equal(login.status, 302);
      assert.equal(login.headers.get('location'), params.get('Destination'));
      const log = (await control.requestLog()).filter((e) => e.service !== 's3');
      assert.deepEqual(log.map((e) => e.operation), ['getSigninToken', 'login']);
      assert.equal(log[0]?.principal, api.sessions.get(TWO_STEP)?.steps[1]?.assumedRoleArn);
    });
  });

  describe('policy generator', () => {
    afterEach(closeUntitled);

    it('opens CloudFormation YAML per account with the roles, trust and ExternalId parameters, and offers IAM JSON', async () => {
      const rec = script({ input: () => SEED.developerArn, notify: (n) => (n.actions.includes('Open IAM JSON') ? 'Open IAM JSON' : undefined) });
      await exec('roleChains.policies.generate', { chainName: TWO_STEP });
      assert.match(String(rec.inputs[0]?.title), /who starts the chain/);
      assert.equal(rec.inputs[0]?.validateInput?.('not an arn') !== undefined, true);

      const yaml = await waitFor(() => {
        const docs = vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.languageId === 'yaml');
        return docs.length >= 3 ? docs : undefined;
      }, 'three untitled YAML templates (base, RoleA and RoleB accounts)');
      const text = yaml.map((d) => d.getText()).join('\n---\n');
      assert.match(text, /RoleName: RoleA/);
      assert.match(text, /RoleName: RoleB/);
      assert.match(text, /NoEcho: true/);
      assert.match(text, /sts:ExternalId/);
      assert.match(text, /aws:MultiFactorAuthPresent/);
      assert.ok(text.includes(SEED.developerArn));
      assert.ok(!text.includes(SEED.externalIdA) && !text.includes(SEED.externalIdB), 'an ExternalId value is in the template');
      const json = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.isUntitled && d.languageId === 'json' && d.getText().includes(SEED.roleB)), 'the IAM JSON document');
      const parsed = JSON.parse(json.getText()) as { roles: Array<{ Arn: string }> };
      assert.deepEqual(parsed.roles.map((r) => r.Arn), [SEED.roleA, SEED.roleB]);
      assert.match(rec.notices[0]?.message ?? '', /3 CloudFormation templates/);
    });
  });

  describe('expiry', () => {
    afterEach(async () => {
      await config().update('refreshSilently', undefined, vscode.ConfigurationTarget.Global);
      await forgetAll();
    });

    it('warns once per session five minutes before expiry and offers Run Again', async () => {
      const session = await signIn(api, ONE_STEP);
      const plan = await api.extras.refreshPlan(ONE_STEP, Date.now());
      assert.ok(plan);
      assert.equal(plan.canRefreshSilently, false, 'the ExternalId is not remembered, so a person must type it');
      assert.deepEqual(plan.blockers, [{ kind: 'externalId', stepIndex: 0 }]);
      assert.equal(plan.warnAt, session.expiresAt - 5 * 60_000);

      assert.deepEqual(await api.extras.checkExpiry(plan.warnAt - 60_000), []);
      const rec = script({ notify: (n) => (n.actions.includes('Run Again') ? 'Run Again' : undefined) });
      const prompts = seedPrompts();
      api.setPromptsForTesting(prompts);
      assert.deepEqual(await api.extras.checkExpiry(plan.warnAt + 60_000), [{ chainName: ONE_STEP, action: 'warned' }]);
      assert.match(rec.notices[0]?.message ?? '', new RegExp(`${ONE_STEP} expires in 4 min`));
      // Run Again runs the chain (with its prompt) and the new session replaces the old one.
      await waitFor(() => ((api.sessions.get(ONE_STEP)?.createdAt ?? 0) > session.createdAt ? true : undefined), 'Run Again to sign in again');
      api.setPromptsForTesting(undefined);
      assert.deepEqual(prompts.asked.map((a) => a.what), ['externalId']);

      // Once per session: the new session warns once, at its own time.
      const quiet = script({});
      const next = await api.extras.refreshPlan(ONE_STEP, Date.now());
      assert.ok(next && next.warnAt >= plan.warnAt);
      assert.deepEqual(await api.extras.checkExpiry(next.warnAt + 1000), [{ chainName: ONE_STEP, action: 'warned' }]);
      assert.deepEqual(await api.extras.checkExpiry(next.warnAt + 2000), []);
      assert.equal(quiet.notices.length, 1);
    });

    it('with refreshSilently on, re-runs a chain with nothing to type before it expires; a chain with MFA only gets the warning', async () => {
      await signInRemembering(ONE_STEP);
      await signIn(api, TWO_STEP);
      await config().update('refreshSilently', true, vscode.ConfigurationTarget.Global);
      const old = api.sessions.get(ONE_STEP);
      assert.ok(old);
      const plan = await api.extras.refreshPlan(ONE_STEP, Date.now());
      assert.ok(plan?.canRefreshSilently && plan.refreshAt !== undefined, JSON.stringify(plan));
      const mfaPlan = await api.extras.refreshPlan(TWO_STEP, Date.now());
      assert.ok(mfaPlan?.blockers.some((b) => b.kind === 'mfa'));

      const prompts = seedPrompts();
      api.setPromptsForTesting(prompts);
      const rec = script({});
      const actions = await api.extras.checkExpiry(plan.refreshAt);
      api.setPromptsForTesting(undefined);
      assert.deepEqual(actions.filter((a) => a.chainName === ONE_STEP), [{ chainName: ONE_STEP, action: 'refreshed' }]);
      assert.deepEqual(prompts.asked, [], 'a silent refresh asked something');
      assert.ok((api.sessions.get(ONE_STEP)?.createdAt ?? 0) > old.createdAt, 'the session was not renewed');
      assert.ok(!rec.notices.some((n) => n.message.includes(ONE_STEP)), 'a silent refresh notified');
      assert.ok(!actions.some((a) => a.chainName === TWO_STEP && a.action === 'refreshed'), 'a chain with MFA was refreshed silently');
    });

    it("step tooltips explain requested vs effective duration (a chained step's 1-hour cap)", () => {
      // The tooltip is markdown: appendText escapes punctuation and keeps spaces as &nbsp;.
      const text = (t = ''): string => t.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      const [roleA, roleB] = stepRows(api, TWO_STEP);
      assert.equal(roleB?.label, 'RoleB');
      assert.match(text(roleB?.tooltip), /Requested 1 h; role-chained sessions last at most 1 h/);
      assert.match(text(roleA?.tooltip), /Default 1 h \(up to the role's maximum session duration\)/);
    });
  });

  // A suite's own tests run before its nested suites: this check lives in the last nested one.
  describe('coverage', () => {
    it('invoked every extras command, each declared in the manifest', () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      const declared = new Set(((ext?.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>).map((c) => c.command));
      assert.deepEqual(EXTRAS_COMMANDS.filter((id) => !declared.has(id)), [], 'not in contributes.commands');
      assert.deepEqual(EXTRAS_COMMANDS.filter((id) => !invoked.has(id)), [], 'never invoked');
    });
  });
});

/** The step rows under a chain's row in the Chains view. */
function stepRows(api: RoleChainsTestingApi, chainName: string): ReturnType<RoleChainsTestingApi['treeRows']> {
  const rows = api.treeRows();
  const at = rows.findIndex((r) => r.depth === 0 && r.label === chainName);
  if (at < 0) return [];
  const out = [];
  for (const r of rows.slice(at + 1)) {
    if (r.depth === 0) break;
    out.push(r);
  }
  return out;
}

/** Closes the untitled documents a test opened without the save prompt (they are dirty by nature). */
async function closeUntitled(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const doc = vscode.workspace.textDocuments.find((d) => d.isUntitled && !d.isClosed);
    if (!doc) return;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** `aws sts get-caller-identity` (awscli v2) with a terminal's environment, against the local endpoint. */
function callerIdentity(terminalEnv: Record<string, string | null | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return runAwsCli('/usr/bin/aws', ['sts', 'get-caller-identity', '--endpoint-url', process.env.ROLE_CHAINS_IT_ENDPOINT ?? '', '--output', 'json'], terminalEnv);
}
