// The Add/Edit Chain wizard's page logic in plain Node, with scripted answers: page order, Back, "k/n", prefill on
// edit, dropping trailing steps, the KMS page, and what reaches settings; and its draft on its own. (The QuickInput rendering is exercised in
// the extension host by test/integration/extras.test.ts.)
import assert from 'node:assert/strict';
import type { ChainConfig } from '../../src/core/chain';
import { runChainWizard } from '../../src/ui/chainEditor/chainWizard';
import { splitBuckets, WizardDraft } from '../../src/ui/chainEditor/wizardDraft';
import type { Answer, Question, WizardUi } from '../../src/ui/chainEditor/wizardUi';
import { isMarked, l10nEnglish, l10nMarking } from '../support/l10nEnglish';

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
    const chain = await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set(), profiles: [{ name: 'dev', kind: 'keys', region: 'eu-west-1' }] });
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
    assert.equal(await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set(['prod-deploy']) }), undefined, 'dismissed: nothing to write');
    assert.match(messages.taken ?? '', /already exists/);
    assert.equal(messages.first, undefined, 'step 1 may ask for up to 12 h');
    assert.match(messages.chained ?? '', /3600/);
    assert.match(messages.words ?? '', /whole number/);
    const chainedPage = ui.asked.find((q) => q.id === 'step2.durationSeconds');
    assert.ok(chainedPage?.kind === 'input' && /role chaining/.test(chainedPage.prompt), 'the cap is not explained');
  });

  it('step 1 from a role-session base profile (SSO) says it is role chaining and takes at most an hour', async () => {
    let over: string | undefined;
    const ui = scripted(
      {
        name: 'from-sso',
        sourceProfile: 'profile:sso-dev',
        'step1.roleArn': ROLE_A,
        'step1.durationSeconds': (q) => {
          if (q.kind === 'input') over = q.validate('7200');
          return { value: '3600' };
        },
        'step1.more': 'done',
      },
      accept,
    );
    assert.ok(await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set(), profiles: [{ name: 'sso-dev', kind: 'sso', region: 'eu-west-1' }] }));
    const page = ui.asked.find((q) => q.id === 'step1.durationSeconds');
    assert.ok(page?.kind === 'input' && /sso-dev is itself a role session.*role chaining.*3600/.test(page.prompt), `prompt: ${page?.kind === 'input' ? page.prompt : ''}`);
    assert.match(over ?? '', /3600/);
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
    const chain = await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set() });
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
    const chain = await runChainWizard({ ui, l10n: l10nEnglish, existing, takenNames: new Set() });
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
    const chain = await runChainWizard({ ui, l10n: l10nEnglish, existing, takenNames: new Set() });
    assert.deepEqual(chain?.steps, [{ roleArn: ROLE_B, externalId: 'prompt' }]);
    assert.equal(ui.asked.find((q) => q.id === 'step1.mfaSerial')?.value, '', 'the old device was offered for the new role');
  });

  it('sends every text a page shows through the translator (titles, prompts, placeholders, items, its own validation messages)', async () => {
    // Example values and the person's own data are not prose: they stay as they are.
    const EXAMPLES = new Set(['prod-deploy', 'arn:aws:iam::123456789012:role/Deployer', '3600', 'my-bucket, other-bucket']);
    const profiles = [
      { name: 'dev', kind: 'keys' as const, region: 'eu-west-1' },
      { name: 'sso-admin', kind: 'sso' as const },
    ];
    const data = new Set([...profiles.map((p) => p.name), ROLE_A, ROLE_B]);
    const shown: [string, string][] = [];
    const see = (where: string, text: string | undefined): void => {
      if (text !== undefined) shown.push([where, text]);
    };
    const record = (q: Question): void => {
      see(`${q.id}.title`, q.title);
      if (q.placeholder !== undefined && !EXAMPLES.has(q.placeholder)) see(`${q.id}.placeholder`, q.placeholder);
      if (q.kind === 'input') {
        see(`${q.id}.prompt`, q.prompt);
        // The page's own messages; the core validators' stay English by design and are not asked for here.
        if (q.id === 'name') see('name.taken', q.validate('taken'));
        if (q.id.endsWith('.durationSeconds')) see(`${q.id}.invalid`, q.validate('an hour'));
        if (q.id === 's3.buckets') {
          see('s3.buckets.twice', q.validate('bucket-one, bucket-one'));
          see('s3.buckets.invalid', q.validate('Not_A_Bucket'));
        }
      } else {
        for (const i of q.items) {
          if (!data.has(i.label)) see(`${q.id}[${i.id}].label`, i.label);
          if (i.description !== undefined && !data.has(i.description)) see(`${q.id}[${i.id}].description`, i.description);
          see(`${q.id}[${i.id}].detail`, i.detail);
        }
      }
    };
    const answers = (q: Question): Answer => {
      record(q);
      const fixed: Record<string, string> = {
        name: 'marked',
        sourceProfile: '$custom',
        'sourceProfile.name': 'dev',
        'step1.roleArn': ROLE_A,
        'step1.more': 'add',
        'step2.roleArn': ROLE_B,
        'step2.more': 'done',
        's3.sse': 'aws:kms',
      };
      return { value: fixed[q.id] ?? q.value ?? '' };
    };
    const added = scripted({}, answers);
    assert.ok(await runChainWizard({ ui: added, l10n: l10nMarking, takenNames: new Set(['taken']), profiles }));
    const existing: ChainConfig = { name: 'marked', steps: [{ roleArn: ROLE_A, externalId: 'prompt' }, { roleArn: ROLE_B, externalId: 'none' }] };
    const edited = scripted({}, answers);
    assert.ok(await runChainWizard({ ui: edited, l10n: l10nMarking, existing, takenNames: new Set(['taken']), profiles }));
    // Every page was seen, so a new page cannot slip past this test unnoticed.
    const ids = new Set(shown.map(([w]) => w.split(/[.[]/)[0]));
    for (const id of ['name', 'sourceProfile', 'step1', 'step2', 'region', 's3']) assert.ok(ids.has(id), `${id} was not shown`);
    assert.ok(shown.some(([w]) => w === 'sourceProfile.name.prompt') && shown.some(([w]) => w === 's3.kmsKeyId.prompt'));
    assert.deepEqual(
      shown.filter(([, text]) => !isMarked(text)).map(([w, text]) => `${w}: ${text}`),
      [],
      'texts that bypassed the translator',
    );
    // The draft's own error goes through it too.
    const broken = new WizardDraft();
    assert.throws(() => broken.build(l10nMarking), (e: Error) => isMarked(e.message));
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
    const built = draft.build(l10nEnglish);
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
    assert.deepEqual(draft.build(l10nEnglish), { name: 'fresh', steps: [{ roleArn: ROLE_A, externalId: 'prompt' }] });
  });

  it('keeps the steps beyond stepCount out of the chain', () => {
    const draft = new WizardDraft(existing);
    draft.stepCount = 1;
    assert.deepEqual(draft.build(l10nEnglish).steps.map((s) => s.roleArn), [ROLE_A]);
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
    assert.deepEqual(draft.build(l10nEnglish).s3, { buckets: ['bucket1'] });
  });

  it('refuses what the settings parser would refuse, naming the chain', () => {
    const draft = new WizardDraft(existing);
    draft.step(1).durationSeconds = 7200;
    assert.throws(() => draft.build(l10nEnglish), (e: Error & { kind?: string }) => e.kind === 'validation' && /^Editing chain "two": .*3600/.test(e.message));
    const added = new WizardDraft();
    added.name = 'empty';
    assert.throws(() => added.build(l10nEnglish), /Adding chain "empty": /);
  });

  it('reads pinned buckets separated by commas or spaces', () => {
    assert.deepEqual(splitBuckets(' a-bucket,b-bucket  c-bucket ,, '), ['a-bucket', 'b-bucket', 'c-bucket']);
    assert.deepEqual(splitBuckets(''), []);
  });
});
