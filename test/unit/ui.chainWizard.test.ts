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

  describe('IAM Identity Center base', () => {
    const SSO_URL = 'https://d-1234567890.awsapps.com/start';
    const sessions = [
      { name: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1' },
      { name: 'lab', startUrl: 'https://lab.awsapps.com/start', region: 'us-west-2' },
    ];
    const profiles = [{ name: 'dev', kind: 'keys' as const, region: 'eu-central-1' }];

    it('offers it after Default credentials; an sso-session needs no URL or region, and the account may be left empty', async () => {
      let over: string | undefined;
      const ui = scripted(
        {
          name: 'from-corp',
          sourceProfile: '$sso',
          'sso.portal': 'session:corp',
          'sso.accountId': '',
          'sso.roleName': 'ReadOnly',
          'step1.roleArn': ROLE_A,
          'step1.durationSeconds': (q) => {
            if (q.kind === 'input') over = q.validate('7200');
            return { value: '3600' };
          },
          'step1.more': 'done',
        },
        accept,
      );
      const chain = await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set(), profiles, ssoSessions: sessions });
      assert.deepEqual(chain, { name: 'from-corp', sso: { session: 'corp', roleName: 'ReadOnly' }, region: 'eu-west-1', steps: [{ roleArn: ROLE_A, externalId: 'prompt', durationSeconds: 3600 }] } satisfies ChainConfig);
      const base = ui.asked.find((q) => q.id === 'sourceProfile');
      assert.ok(base?.kind === 'pick');
      assert.deepEqual(base.items.map((i) => i.id), ['$default', '$sso', 'profile:dev', '$custom']);
      const portal = ui.asked.find((q) => q.id === 'sso.portal');
      assert.ok(portal?.kind === 'pick');
      assert.deepEqual(portal.items.map((i) => i.id), ['session:corp', 'session:lab', '$startUrl']);
      assert.equal(portal.items[0]?.description, 'https://corp.awsapps.com/start · eu-west-1');
      assert.ok(!ui.asked.some((q) => q.id === 'sso.startUrl' || q.id === 'sso.region'), 'the sso-session gives the portal and its region');
      // Identity Center hands out role credentials: step 1 is role chaining.
      assert.match(over ?? '', /role session.*3600/);
      const duration = ui.asked.find((q) => q.id === 'step1.durationSeconds');
      assert.ok(duration?.kind === 'input' && /IAM Identity Center hands out role credentials.*role chaining.*3600/.test(duration.prompt));
      // "k/n" counts the Identity Center pages: the last page is n/n.
      assert.deepEqual(ui.asked.map((q) => q.step), ui.asked.map((_, i) => i + 1));
      const last = ui.asked[ui.asked.length - 1];
      assert.equal(last?.totalSteps, last?.step);
    });

    it('without sso-sessions it asks the start URL and its region straight away, validated as typed', async () => {
      const messages: Record<string, string | undefined> = {};
      const ui = scripted(
        {
          name: 'by-url',
          sourceProfile: '$sso',
          'sso.startUrl': (q) => {
            if (q.kind === 'input') {
              messages.http = q.validate('http://d-1234567890.awsapps.com/start');
              messages.fragment = q.validate(`${SSO_URL}/#/`);
            }
            return { value: SSO_URL };
          },
          'sso.region': (q) => {
            if (q.kind === 'input') messages.region = q.validate('Ireland');
            return { value: 'eu-west-1' };
          },
          'sso.accountId': (q) => {
            if (q.kind === 'input') {
              messages.account = q.validate('1234');
              messages.emptyAccount = q.validate('');
            }
            return { value: '123456789012' };
          },
          'sso.roleName': (q) => {
            if (q.kind === 'input') messages.role = q.validate('Admin Access');
            return { value: '' };
          },
          'step1.roleArn': ROLE_A,
        },
        accept,
      );
      const chain = await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set() });
      assert.deepEqual(chain?.sso, { startUrl: SSO_URL, region: 'eu-west-1', accountId: '123456789012' });
      assert.equal(chain?.sourceProfile, undefined);
      assert.ok(!ui.asked.some((q) => q.id === 'sso.portal'), 'no sso-session to offer');
      assert.match(messages.http ?? '', /https/);
      assert.match(messages.fragment ?? '', /fragment/);
      assert.match(messages.region ?? '', /not a region/);
      assert.match(messages.account ?? '', /12 digits/);
      assert.equal(messages.emptyAccount, undefined, 'empty: chosen when the chain runs');
      assert.match(messages.role ?? '', /may only hold/);
      assert.equal(ui.asked.find((q) => q.id === 'region')?.value, 'eu-west-1', "the chain's region starts from Identity Center's");
    });

    it('edit: an sso chain starts prefilled on every Identity Center page and comes back unchanged', async () => {
      const existing: ChainConfig = { name: 'sso', sso: { startUrl: SSO_URL, region: 'eu-west-1', accountId: '123456789012', roleName: 'Admin' }, steps: [{ roleArn: ROLE_A, externalId: 'none' }] };
      const ui = scripted({}, accept);
      const chain = await runChainWizard({ ui, l10n: l10nEnglish, existing, takenNames: new Set(), profiles, ssoSessions: sessions });
      assert.deepEqual(chain, { ...existing, region: 'eu-west-1' });
      const values = Object.fromEntries(ui.asked.filter((q) => q.id.startsWith('sso') || q.id === 'sourceProfile').map((q) => [q.id, q.value]));
      assert.deepEqual(values, { sourceProfile: '$sso', 'sso.portal': '$startUrl', 'sso.startUrl': SSO_URL, 'sso.region': 'eu-west-1', 'sso.accountId': '123456789012', 'sso.roleName': 'Admin' });
    });

    it('edit: a session the config file no longer has stays choosable, marked', async () => {
      const existing: ChainConfig = { name: 'gone', sso: { session: 'old-corp' }, steps: [{ roleArn: ROLE_A, externalId: 'none' }] };
      const ui = scripted({}, accept);
      const chain = await runChainWizard({ ui, l10n: l10nEnglish, existing, takenNames: new Set(), ssoSessions: sessions });
      assert.deepEqual(chain?.sso, { session: 'old-corp' });
      const portal = ui.asked.find((q) => q.id === 'sso.portal');
      assert.ok(portal?.kind === 'pick' && portal.value === 'session:old-corp');
      assert.match(portal.items.find((i) => i.id === 'session:old-corp')?.description ?? '', /not found in the config file/);
    });

    it('switching the base either way leaves only the new one', async () => {
      const ssoChain: ChainConfig = { name: 'x', sso: { session: 'corp', accountId: '123456789012' }, steps: [{ roleArn: ROLE_A, externalId: 'none', durationSeconds: 3600 }] };
      const toProfile = await runChainWizard({ ui: scripted({ sourceProfile: 'profile:dev' }, accept), l10n: l10nEnglish, existing: ssoChain, takenNames: new Set(), profiles, ssoSessions: sessions });
      assert.equal(toProfile?.sourceProfile, 'dev');
      assert.equal(toProfile?.sso, undefined);
      const profileChain: ChainConfig = { name: 'y', sourceProfile: 'dev', steps: [{ roleArn: ROLE_A, externalId: 'none' }] };
      const toSso = await runChainWizard({ ui: scripted({ sourceProfile: '$sso', 'sso.portal': 'session:lab' }, accept), l10n: l10nEnglish, existing: profileChain, takenNames: new Set(), profiles, ssoSessions: sessions });
      assert.deepEqual(toSso?.sso, { session: 'lab' });
      assert.equal(toSso?.sourceProfile, undefined);
    });

    it('Back from the account page to the portal, then Start URL…, drops the session', async () => {
      let backs = 0;
      const ui = scripted(
        {
          name: 'back',
          sourceProfile: '$sso',
          'sso.portal': () => ({ value: backs === 0 ? 'session:corp' : '$startUrl' }),
          'sso.accountId': (q) => (backs++ === 0 ? { back: true } : { value: q.value ?? '' }),
          'sso.startUrl': SSO_URL,
          'sso.region': 'us-east-2',
          'step1.roleArn': ROLE_A,
        },
        accept,
      );
      const chain = await runChainWizard({ ui, l10n: l10nEnglish, takenNames: new Set(), ssoSessions: sessions });
      assert.deepEqual(chain?.sso, { startUrl: SSO_URL, region: 'us-east-2' });
      assert.equal(ui.asked.filter((q) => q.id === 'sso.portal')[1]?.value, 'session:corp', 'the portal page came back with its answer');
    });
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
    const EXAMPLES = new Set(['prod-deploy', 'arn:aws:iam::123456789012:role/Deployer', '3600', 'my-bucket, other-bucket', 'https://d-1234567890.awsapps.com/start']);
    const profiles = [
      { name: 'dev', kind: 'keys' as const, region: 'eu-west-1' },
      { name: 'sso-admin', kind: 'sso' as const },
    ];
    const ssoSessions = [{ name: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1' }, { name: 'half' }];
    const data = new Set([...profiles.map((p) => p.name), ...ssoSessions.map((s) => s.name), 'gone', ROLE_A, ROLE_B]);
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
    // The Identity Center pages: by start URL (an edited chain whose session is gone, to show that item too).
    const fromSso: ChainConfig = { name: 'marked', sso: { session: 'gone' }, steps: [{ roleArn: ROLE_A, externalId: 'none' }] };
    const ssoAnswers: Record<string, string> = { sourceProfile: '$sso', 'sso.portal': '$startUrl', 'sso.startUrl': 'https://d-1234567890.awsapps.com/start', 'sso.region': 'eu-west-1', 'step1.more': 'done' };
    const bySso = scripted({}, (q) => {
      const fixed = ssoAnswers[q.id];
      if (fixed === undefined) return answers(q);
      record(q);
      return { value: fixed };
    });
    assert.ok(await runChainWizard({ ui: bySso, l10n: l10nMarking, existing: fromSso, takenNames: new Set(['taken']), profiles, ssoSessions }));
    // Every page was seen, so a new page cannot slip past this test unnoticed.
    const ids = new Set(shown.map(([w]) => w.split(/[.[]/)[0]));
    for (const id of ['name', 'sourceProfile', 'sso', 'step1', 'step2', 'region', 's3']) assert.ok(ids.has(id), `${id} was not shown`);
    for (const id of ['sso.portal', 'sso.startUrl', 'sso.region', 'sso.accountId', 'sso.roleName']) assert.ok(shown.some(([w]) => w.startsWith(id)), `${id} was not shown`);
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

  it('holds one base: a profile drops Identity Center, and Identity Center drops the profile', () => {
    const draft = new WizardDraft(existing);
    draft.useSsoSession('corp');
    assert.equal(draft.sourceProfile, undefined);
    draft.setSso('accountId', '123456789012');
    draft.setSso('roleName', 'Admin');
    // Another portal keeps the account and role; a start URL takes no region from an sso-session.
    draft.useSsoStartUrl('https://d-1234567890.awsapps.com/start');
    assert.deepEqual(draft.sso, { accountId: '123456789012', roleName: 'Admin', startUrl: 'https://d-1234567890.awsapps.com/start' });
    draft.setSso('region', 'eu-west-1');
    draft.useSsoStartUrl('https://other.awsapps.com/start');
    assert.deepEqual(draft.sso, { accountId: '123456789012', roleName: 'Admin', startUrl: 'https://other.awsapps.com/start', region: 'eu-west-1' }, 'a corrected start URL keeps its region');
    draft.useSsoSession('lab');
    assert.deepEqual(draft.sso, { accountId: '123456789012', roleName: 'Admin', session: 'lab' });
    draft.setSso('roleName', undefined);
    draft.step(0).durationSeconds = 3600;
    assert.deepEqual(draft.build(l10nEnglish).sso, { accountId: '123456789012', session: 'lab' });
    draft.useProfile('dev');
    assert.equal(draft.sso, undefined);
    assert.equal(draft.build(l10nEnglish).sourceProfile, 'dev');
  });

  it('an edited sso chain is copied, not shared', () => {
    const ssoChain: ChainConfig = { name: 's', sso: { session: 'corp' }, steps: [{ roleArn: ROLE_A, externalId: 'none' }] };
    const draft = new WizardDraft(ssoChain);
    draft.setSso('accountId', '123456789012');
    assert.deepEqual(ssoChain.sso, { session: 'corp' });
  });

  it('refuses step 1 over an hour from an Identity Center base (role chaining)', () => {
    const draft = new WizardDraft(existing);
    draft.useSsoSession('corp');
    assert.throws(() => draft.build(l10nEnglish), (e: Error) => /^Editing chain "two": .*step 1, durationSeconds: .*role session.*3600/.test(e.message));
  });

  it('reads pinned buckets separated by commas or spaces', () => {
    assert.deepEqual(splitBuckets(' a-bucket,b-bucket  c-bucket ,, '), ['a-bucket', 'b-bucket', 'c-bucket']);
    assert.deepEqual(splitBuckets(''), []);
  });
});
