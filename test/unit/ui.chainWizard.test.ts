// The Add/Edit Chain wizard's page logic in plain Node, with scripted answers: page order, Back, "k/n", prefill on
// edit, dropping trailing steps, the KMS page, and what reaches settings; and its draft on its own. (The QuickInput rendering is exercised in
// the extension host by test/integration/extras.test.ts.)
import assert from 'node:assert/strict';
import type { ChainConfig } from '../../src/core/chain';
import { runChainWizard } from '../../src/ui/chainEditor/chainWizard';
import { splitBuckets, WizardDraft } from '../../src/ui/chainEditor/wizardDraft';
import type { Answer, Question, WizardUi } from '../../src/ui/chainEditor/wizardUi';

const ROLE_A = 'arn:aws:iam::222222222222:role/RoleA';
const ROLE_B = 'arn:aws:iam::333333333333:role/RoleB';
const ROLE_C = 'arn:aws:iam::444444444444:role/ops/RoleC';
const MFA = 'arn:aws:iam::111111111111:mfa/developer';

/** Answers by question id (a function of the question, or a fixed value); records every question asked. */
function scripted(answers: Record<string, string | ((q: Question) => Answer)>, fallback: (q: Question) => Answer = () => undefined): WizardUi & { asked: Question[] } {
  const asked: Question[] = [];
  return {
    asked,
    ask: async (q) => {
      asked.push(q);
      const a = answers[q.id];
      if (a === undefined) return fallback(q);
      return typeof a === 'function' ? a(q) : { value: a };
    },
  };
}

const accept = (q: Question): Answer => ({ value: q.value ?? '' });

describe('Add/Edit Chain wizard (pages)', () => {
  it('asks name, base credentials, each step, region and S3 options in order and builds the chain', async () => {
    const ui = scripted({
      name: 'new-chain',
      sourceProfile: 'profile:dev',
      'step1.roleArn': ROLE_A,
      'step1.externalId': 'prompt',
      'step1.mfaSerial': MFA,
      'step1.durationSeconds': '7200',
      'step1.more': 'add',
      'step2.roleArn': ROLE_B,
      'step2.externalId': 'none',
      'step2.mfaSerial': '',
      'step2.durationSeconds': '',
      'step2.more': 'done',
      region: 'eu-west-1',
      's3.sse': 'aws:kms',
      's3.kmsKeyId': 'alias/uploads',
      's3.buckets': 'bucket-one, bucket-two',
    });
    const chain = await runChainWizard({ ui, takenNames: new Set(), profiles: [{ name: 'dev', kind: 'keys', region: 'eu-west-1' }] });
    assert.deepEqual(chain, {
      name: 'new-chain',
      sourceProfile: 'dev',
      region: 'eu-west-1',
      steps: [
        { roleArn: ROLE_A, externalId: 'prompt', mfaSerial: MFA, durationSeconds: 7200 },
        { roleArn: ROLE_B, externalId: 'none' },
      ],
      s3: { sse: 'aws:kms', kmsKeyId: 'alias/uploads', buckets: ['bucket-one', 'bucket-two'] },
    } satisfies ChainConfig);
    assert.deepEqual(
      ui.asked.map((q) => q.step),
      ui.asked.map((_, i) => i + 1),
    );
    assert.equal(ui.asked[0]?.canGoBack, false);
    // The region page starts from the base profile's region.
    assert.equal(ui.asked.find((q) => q.id === 'region')?.value, 'eu-west-1');
    const profilePage = ui.asked.find((q) => q.id === 'sourceProfile');
    assert.ok(profilePage?.kind === 'pick' && profilePage.items.some((i) => i.id === 'profile:dev' && /access keys/.test(i.description ?? '')));
  });

  it('validates as typed with the core validators, the chaining cap on steps after the first', async () => {
    const messages: Record<string, string | undefined> = {};
    const ui = scripted(
      {
        name: (q) => {
          if (q.kind === 'input') messages.taken = q.validate('prod-deploy');
          return { value: 'fresh' };
        },
        'step1.durationSeconds': (q) => {
          if (q.kind === 'input') messages.first = q.validate('7200');
          return { value: '' };
        },
        'step1.more': 'add',
        'step2.durationSeconds': (q) => {
          if (q.kind === 'input') {
            messages.chained = q.validate('7200');
            messages.words = q.validate('an hour');
          }
          return undefined;
        },
        'step1.roleArn': ROLE_A,
        'step2.roleArn': ROLE_B,
      },
      accept,
    );
    assert.equal(await runChainWizard({ ui, takenNames: new Set(['prod-deploy']) }), undefined, 'dismissed: nothing to write');
    assert.match(messages.taken ?? '', /already exists/);
    assert.equal(messages.first, undefined, 'step 1 may ask for up to 12 h');
    assert.match(messages.chained ?? '', /3600/);
    assert.match(messages.words ?? '', /whole number/);
    const chainedPage = ui.asked.find((q) => q.id === 'step2.durationSeconds');
    assert.ok(chainedPage?.kind === 'input' && /role chaining/.test(chainedPage.prompt), 'the cap is not explained');
  });

  it('Back returns to the previous page and keeps what was answered there', async () => {
    let backs = 0;
    const ui = scripted(
      {
        name: 'chain',
        'step1.roleArn': ROLE_A,
        region: (q) => (backs++ === 0 ? { back: true } : { value: q.value ?? '' }),
      },
      accept,
    );
    const chain = await runChainWizard({ ui, takenNames: new Set() });
    const ids = ui.asked.map((q) => q.id);
    const at = ids.indexOf('region');
    assert.deepEqual(ids.slice(at, at + 3), ['region', 'step1.more', 'region']);
    assert.equal(ui.asked[at + 1]?.value, 'done', 'the page came back with its answer');
    assert.equal(ui.asked[at + 2]?.step, ui.asked[at]?.step);
    assert.equal(chain?.steps.length, 1);
  });

  it('edit: starts prefilled, keeps fields it does not ask, and "Continue" at step 2 drops step 3', async () => {
    const existing: ChainConfig = {
      name: 'three',
      region: 'us-east-1',
      steps: [
        { roleArn: ROLE_A, externalId: 'prompt', mfaSerial: MFA, sessionName: 'me-a' },
        { roleArn: ROLE_B, externalId: 'prompt' },
        { roleArn: ROLE_C, externalId: 'none' },
      ],
      s3: { buckets: ['bucket1'] },
    };
    const ui = scripted({ 'step2.more': 'done' }, accept);
    const chain = await runChainWizard({ ui, existing, takenNames: new Set() });
    assert.match(ui.asked[0]?.title ?? '', /^Edit Chain three/);
    assert.equal(ui.asked.find((q) => q.id === 'step1.more')?.value, 'add', 'a longer chain continues with its next step');
    assert.deepEqual(chain, {
      name: 'three',
      region: 'us-east-1',
      steps: [
        { roleArn: ROLE_A, externalId: 'prompt', mfaSerial: MFA, sessionName: 'me-a' },
        { roleArn: ROLE_B, externalId: 'prompt' },
      ],
      s3: { buckets: ['bucket1'] },
    });
  });

  it('edit: a step given another role loses the old role\'s session name and MFA device', async () => {
    const existing: ChainConfig = { name: 'one', steps: [{ roleArn: ROLE_A, externalId: 'prompt', mfaSerial: MFA, sessionName: 'me-a' }] };
    const ui = scripted({ 'step1.roleArn': ROLE_B }, accept);
    const chain = await runChainWizard({ ui, existing, takenNames: new Set() });
    assert.deepEqual(chain?.steps, [{ roleArn: ROLE_B, externalId: 'prompt' }]);
    assert.equal(ui.asked.find((q) => q.id === 'step1.mfaSerial')?.value, '', 'the old device was offered for the new role');
  });
});

describe('Add/Edit Chain wizard (draft)', () => {
  const existing: ChainConfig = {
    name: 'two',
    sourceProfile: 'dev',
    region: 'eu-west-1',
    steps: [
      { roleArn: ROLE_A, externalId: 'prompt', mfaSerial: MFA, sessionName: 'me-a', durationSeconds: 7200 },
      { roleArn: ROLE_B, externalId: 'none' },
    ],
    s3: { sse: 'aws:kms', kmsKeyId: 'alias/uploads', buckets: ['bucket1'] },
  };

  it('builds back the chain it was prefilled with, without sharing its objects', () => {
    const draft = new WizardDraft(existing);
    const built = draft.build();
    assert.deepEqual(built, existing);
    draft.step(0).durationSeconds = 900;
    draft.buckets.push('bucket2');
    assert.equal(existing.steps[0]?.durationSeconds, 7200, 'the edited chain was changed in place');
    assert.deepEqual(existing.s3?.buckets, ['bucket1']);
    assert.equal(built.steps[0]?.durationSeconds, 7200, 'a built chain follows later edits of the draft');
  });

  it('a new draft has one step to come and builds only what was answered', () => {
    const draft = new WizardDraft();
    assert.equal(draft.stepCount, 1);
    assert.deepEqual(draft.steps, []);
    draft.name = 'fresh';
    draft.setRoleArn(0, ROLE_A);
    assert.deepEqual(draft.build(), { name: 'fresh', steps: [{ roleArn: ROLE_A, externalId: 'prompt' }] });
  });

  it('keeps the steps beyond stepCount out of the chain', () => {
    const draft = new WizardDraft(existing);
    draft.stepCount = 1;
    assert.deepEqual(draft.build().steps.map((s) => s.roleArn), [ROLE_A]);
    assert.equal(draft.steps.length, 2, 'Back to "more steps?" can still bring step 2 back');
  });

  it('another role drops the old role\'s session name and MFA device; the same role keeps them', () => {
    const draft = new WizardDraft(existing);
    draft.setRoleArn(0, ROLE_A);
    assert.equal(draft.step(0).mfaSerial, MFA);
    draft.setRoleArn(0, ROLE_C);
    assert.deepEqual(draft.step(0), { roleArn: ROLE_C, externalId: 'prompt', durationSeconds: 7200 });
  });

  it('a KMS key is kept only with SSE-KMS', () => {
    const draft = new WizardDraft(existing);
    draft.setSse('aws:kms');
    assert.equal(draft.kmsKeyId, 'alias/uploads');
    draft.setSse(undefined);
    assert.equal(draft.kmsKeyId, undefined);
    assert.deepEqual(draft.build().s3, { buckets: ['bucket1'] });
  });

  it('refuses what the settings parser would refuse, naming the chain', () => {
    const draft = new WizardDraft(existing);
    draft.step(1).durationSeconds = 7200;
    assert.throws(() => draft.build(), (e: Error & { kind?: string }) => e.kind === 'validation' && /^Editing chain "two": .*3600/.test(e.message));
    const added = new WizardDraft();
    added.name = 'empty';
    assert.throws(() => added.build(), /Adding chain "empty": /);
  });

  it('reads pinned buckets separated by commas or spaces', () => {
    assert.deepEqual(splitBuckets(' a-bucket,b-bucket  c-bucket ,, '), ['a-bucket', 'b-bucket', 'c-bucket']);
    assert.deepEqual(splitBuckets(''), []);
  });
});
