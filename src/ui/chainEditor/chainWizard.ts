import type { ProfileInfo } from '../../core/awsConfig';
import { DEFAULT_REGION, validateChain, type ChainConfig, type S3Options, type StepConfig } from '../../core/chain';
import { RoleChainError } from '../../core/errors';
import {
  CHAINED_MAX_DURATION_SECONDS,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
  validateBucketName,
  validateChainName,
  validateDurationSeconds,
  validateKmsKeyId,
  validateMfaSerial,
  validateProfileName,
  validateRegion,
  validateRoleArn,
} from '../../core/validation';
import type { Answer, InputQuestion, PickItem, PickQuestion, WizardUi } from './wizardUi';

export interface ChainWizardOptions {
  ui: WizardUi;
  /** The chain being edited (the wizard starts prefilled with it), or undefined for a new chain. */
  existing?: ChainConfig;
  /** Names already used in the settings the chain goes to (the edited chain's own name excluded). */
  takenNames: ReadonlySet<string>;
  /** Profiles of the shared AWS files, when they could be read. */
  profiles?: readonly ProfileInfo[];
}

const DEFAULT_PROFILE = '$default';
const CUSTOM_PROFILE = '$custom';
const DEFAULT_SSE = '$default';
/** Every question is one page; the loop is bounded so a script that never finishes cannot spin forever. */
const MAX_PAGES = 500;

interface Draft {
  name: string;
  sourceProfile?: string;
  region?: string;
  steps: StepConfig[];
  /** How many of `steps` the chain keeps (an edit can drop trailing steps). */
  stepCount: number;
  sse?: S3Options['sse'];
  kmsKeyId?: string;
  buckets: string[];
}

type Page = () => Promise<Page | 'done' | { back: true } | undefined>;

function isBack(a: unknown): a is { back: true } {
  return typeof a === 'object' && a !== null && (a as { back?: unknown }).back === true;
}

const KIND_LABELS: Record<ProfileInfo['kind'], string> = {
  keys: 'access keys',
  sso: 'IAM Identity Center (SSO)',
  'credential-process': 'credential_process',
  'credential-source': 'role from credential_source',
  'web-identity': 'web identity role',
  login: 'console login',
  role: 'assumes its own role chain',
  incomplete: 'incomplete',
};

/**
 * Add/Edit Role Chain as a multi-step QuickInput: name, base profile, then each step (role ARN, ExternalId, MFA,
 * duration), region and S3 options, each validated as typed with the core validators, with Back on every page after
 * the first. Returns the chain to write, or undefined when the person dismissed the wizard.
 */
export async function runChainWizard(opts: ChainWizardOptions): Promise<ChainConfig | undefined> {
  const { ui, existing } = opts;
  const draft: Draft = {
    name: existing?.name ?? '',
    sourceProfile: existing?.sourceProfile,
    region: existing?.region,
    steps: existing ? existing.steps.map((s) => ({ ...s })) : [],
    stepCount: existing?.steps.length ?? 1,
    sse: existing?.s3?.sse,
    kmsKeyId: existing?.s3?.kmsKeyId,
    buckets: [...(existing?.s3?.buckets ?? [])],
  };
  const verb = existing ? `Edit Chain ${existing.name}` : 'Add Role Chain';
  const history: Page[] = [];
  const position = (): number => history.length + 1;
  const total = (): number => 2 + 5 * Math.max(draft.stepCount, draft.steps.length, 1) + 3 + (draft.sse === 'aws:kms' ? 1 : 0);
  const base = (id: string, what: string): { id: string; title: string; step: number; totalSteps: number; canGoBack: boolean } => ({
    id,
    title: `${verb}: ${what}`,
    step: position(),
    totalSteps: total(),
    canGoBack: history.length > 0,
  });
  const input = (q: Omit<InputQuestion, 'kind' | 'title' | 'step' | 'totalSteps' | 'canGoBack'> & { what: string }): Promise<Answer> => {
    const { what, ...rest } = q;
    return ui.ask({ kind: 'input', ...base(q.id, what), ...rest });
  };
  const pick = (q: Omit<PickQuestion, 'kind' | 'title' | 'step' | 'totalSteps' | 'canGoBack'> & { what: string }): Promise<Answer> => {
    const { what, ...rest } = q;
    return ui.ask({ kind: 'pick', ...base(q.id, what), ...rest });
  };
  /** Runs `onValue` for a value; passes Back and dismissal through. */
  const next = async (answer: Answer, onValue: (value: string) => Page | 'done'): Promise<Page | 'done' | { back: true } | undefined> => {
    if (answer === undefined || isBack(answer)) return answer;
    return onValue(answer.value);
  };

  // ---- pages ---------------------------------------------------------------------------------------------------
  const namePage: Page = async () =>
    next(
      await input({
        id: 'name',
        what: 'name',
        prompt: 'A unique name for the chain, shown in the Chains view and the status bar.',
        placeholder: 'prod-deploy',
        value: draft.name,
        validate: (v) => validateChainName(v) ?? (opts.takenNames.has(v) ? `A chain named "${v}" already exists: choose another name.` : undefined),
      }),
      (v) => {
        draft.name = v;
        return profilePage;
      },
    );

  const profilePage: Page = async () => {
    const profiles = [...(opts.profiles ?? [])].sort((a, b) => Number(b.kind !== 'role') - Number(a.kind !== 'role') || a.name.localeCompare(b.name));
    const items: PickItem[] = [
      { id: DEFAULT_PROFILE, label: 'Default credentials', description: 'the SDK\'s default provider chain', detail: 'Environment variables, the default profile, SSO, container or instance credentials.' },
      ...profiles
        .filter((p) => p.kind !== 'incomplete')
        .map((p) => ({ id: `profile:${p.name}`, label: p.name, description: KIND_LABELS[p.kind] + (p.region ? ` · ${p.region}` : '') })),
      { id: CUSTOM_PROFILE, label: 'Another profile…', description: 'type a profile name' },
    ];
    const current = draft.sourceProfile === undefined ? DEFAULT_PROFILE : items.some((i) => i.id === `profile:${draft.sourceProfile}`) ? `profile:${draft.sourceProfile}` : CUSTOM_PROFILE;
    return next(
      await pick({ id: 'sourceProfile', what: 'base credentials', placeholder: 'Where step 1 gets its credentials', items, value: current }),
      (v) => {
        if (v === CUSTOM_PROFILE) return customProfilePage;
        draft.sourceProfile = v === DEFAULT_PROFILE ? undefined : v.slice('profile:'.length);
        return stepPages(0).roleArn;
      },
    );
  };

  const customProfilePage: Page = async () =>
    next(
      await input({
        id: 'sourceProfile.name',
        what: 'base profile',
        prompt: 'A profile in ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name).',
        value: draft.sourceProfile ?? '',
        validate: validateProfileName,
      }),
      (v) => {
        draft.sourceProfile = v;
        return stepPages(0).roleArn;
      },
    );

  const stepPages = (k: number): { roleArn: Page } => {
    const label = (what: string): string => `step ${k + 1} ${what}`;
    const step = (): StepConfig => {
      draft.steps[k] ??= { roleArn: '', externalId: 'prompt' };
      return draft.steps[k];
    };
    const chained = k > 0;

    const roleArn: Page = async () =>
      next(
        await input({
          id: `step${k + 1}.roleArn`,
          what: label('role'),
          prompt: k === 0 ? 'The role assumed with the base credentials.' : `The role assumed with step ${k}'s session.`,
          placeholder: 'arn:aws:iam::123456789012:role/Deployer',
          value: draft.steps[k]?.roleArn ?? '',
          validate: validateRoleArn,
        }),
        (v) => {
          const s = step();
          // A different role keeps nothing of the old step's per-role fields.
          if (s.roleArn !== '' && s.roleArn !== v) {
            delete s.sessionName;
            delete s.mfaSerial;
          }
          s.roleArn = v;
          return externalId;
        },
      );

    const externalId: Page = async () =>
      next(
        await pick({
          id: `step${k + 1}.externalId`,
          what: label('ExternalId'),
          placeholder: "Does this role's trust policy require an ExternalId?",
          value: step().externalId,
          items: [
            { id: 'prompt', label: 'Yes, ask for it when the chain runs', detail: 'Typed into a password box on each run (you can choose to remember it in SecretStorage). Never written to settings.' },
            { id: 'none', label: 'No ExternalId' },
          ],
        }),
        (v) => {
          step().externalId = v === 'none' ? 'none' : 'prompt';
          return mfa;
        },
      );

    const mfa: Page = async () =>
      next(
        await input({
          id: `step${k + 1}.mfaSerial`,
          what: label('MFA'),
          prompt: 'MFA device ARN or serial when the trust policy requires MFA (a 6-digit code is then asked on each run). Leave empty for none.',
          placeholder: 'arn:aws:iam::123456789012:mfa/alice (empty: no MFA)',
          value: step().mfaSerial ?? '',
          validate: (v) => (v === '' ? undefined : validateMfaSerial(v)),
        }),
        (v) => {
          if (v === '') delete step().mfaSerial;
          else step().mfaSerial = v;
          return duration;
        },
      );

    const duration: Page = async () =>
      next(
        await input({
          id: `step${k + 1}.durationSeconds`,
          what: label('duration'),
          prompt: chained
            ? `Session length in seconds. This role is assumed with step ${k}'s session (role chaining), which AWS caps at ${CHAINED_MAX_DURATION_SECONDS} s whatever the role allows. Empty: 3600.`
            : `Session length in seconds, ${MIN_DURATION_SECONDS}–${MAX_DURATION_SECONDS} (up to the role's maximum session duration). Empty: 3600.`,
          placeholder: '3600',
          value: draft.steps[k]?.durationSeconds === undefined ? '' : String(draft.steps[k]?.durationSeconds),
          validate: (v) => {
            if (v.trim() === '') return undefined;
            if (!/^\d+$/.test(v.trim())) return 'Enter a whole number of seconds, e.g. 3600, or leave empty.';
            return validateDurationSeconds(Number(v.trim()), chained);
          },
        }),
        (v) => {
          if (v.trim() === '') delete step().durationSeconds;
          else step().durationSeconds = Number(v.trim());
          return more;
        },
      );

    const more: Page = async () =>
      next(
        await pick({
          id: `step${k + 1}.more`,
          what: 'more steps?',
          placeholder: `The chain has ${k + 1} step${k === 0 ? '' : 's'} so far`,
          value: draft.stepCount > k + 1 ? 'add' : 'done',
          items: [
            { id: 'add', label: `Add step ${k + 2}`, description: draft.steps[k + 1] ? draft.steps[k + 1]?.roleArn : `assumed with step ${k + 1}'s session` },
            { id: 'done', label: 'Continue', description: `${k + 1} step${k === 0 ? '' : 's'}: region and S3 options next` },
          ],
        }),
        (v) => {
          if (v === 'add') {
            draft.stepCount = Math.max(draft.stepCount, k + 2);
            return stepPages(k + 1).roleArn;
          }
          draft.stepCount = k + 1;
          return regionPage;
        },
      );

    return { roleArn };
  };

  const regionPage: Page = async () => {
    const profileRegion = opts.profiles?.find((p) => p.name === draft.sourceProfile)?.region;
    return next(
      await input({
        id: 'region',
        what: 'region',
        prompt: 'The region for STS and S3 (steps may override it in settings).',
        value: draft.region ?? profileRegion ?? DEFAULT_REGION,
        validate: validateRegion,
      }),
      (v) => {
        draft.region = v;
        return ssePage;
      },
    );
  };

  const ssePage: Page = async () =>
    next(
      await pick({
        id: 's3.sse',
        what: 'S3 encryption',
        placeholder: 'Server-side encryption for uploads with this chain',
        value: draft.sse ?? DEFAULT_SSE,
        items: [
          { id: DEFAULT_SSE, label: 'Default (SSE-S3, AES256)' },
          { id: 'AES256', label: 'SSE-S3 (AES256)', description: 'written explicitly' },
          { id: 'aws:kms', label: 'SSE-KMS', description: 'with a KMS key' },
          { id: 'none', label: 'No encryption header', description: "the bucket's default applies" },
        ],
      }),
      (v) => {
        draft.sse = v === DEFAULT_SSE ? undefined : (v as S3Options['sse']);
        if (draft.sse !== 'aws:kms') delete draft.kmsKeyId;
        return draft.sse === 'aws:kms' ? kmsPage : bucketsPage;
      },
    );

  const kmsPage: Page = async () =>
    next(
      await input({
        id: 's3.kmsKeyId',
        what: 'KMS key',
        prompt: 'KMS key id, alias/<name> or key ARN for uploads. Empty: the account\'s default aws/s3 key.',
        value: draft.kmsKeyId ?? '',
        validate: (v) => (v === '' ? undefined : validateKmsKeyId(v)),
      }),
      (v) => {
        if (v === '') delete draft.kmsKeyId;
        else draft.kmsKeyId = v;
        return bucketsPage;
      },
    );

  const bucketsPage: Page = async () =>
    next(
      await input({
        id: 's3.buckets',
        what: 'pinned buckets',
        prompt: 'Buckets to show in the S3 view even when the role may not list all buckets, separated by commas. Empty: none.',
        placeholder: 'my-bucket, other-bucket',
        value: draft.buckets.join(', '),
        validate: (v) => {
          const names = splitBuckets(v);
          for (const name of names) {
            const m = validateBucketName(name);
            if (m) return `${name}: ${m}`;
          }
          const twice = names.find((n, i) => names.indexOf(n) !== i);
          return twice === undefined ? undefined : `"${twice}" is listed twice.`;
        },
      }),
      (v) => {
        draft.buckets = splitBuckets(v);
        return 'done';
      },
    );

  // ---- the page loop ----------------------------------------------------------------------------------------------
  let current: Page = namePage;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const result = await current();
    if (result === undefined) return undefined;
    if (result === 'done') return build(draft, existing);
    if (isBack(result)) {
      current = history.pop() ?? current;
      continue;
    }
    history.push(current);
    current = result;
  }
  throw new RoleChainError('validation', `The ${verb} wizard stopped after ${MAX_PAGES} pages.`);
}

function splitBuckets(v: string): string[] {
  return v
    .split(/[\s,]+/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

function build(draft: Draft, existing: ChainConfig | undefined): ChainConfig {
  const chain: ChainConfig = { name: draft.name, steps: draft.steps.slice(0, draft.stepCount).map((s) => ({ ...s })) };
  if (draft.sourceProfile !== undefined) chain.sourceProfile = draft.sourceProfile;
  if (draft.region !== undefined) chain.region = draft.region;
  const s3: S3Options = {};
  if (draft.sse !== undefined) s3.sse = draft.sse;
  if (draft.kmsKeyId !== undefined) s3.kmsKeyId = draft.kmsKeyId;
  if (draft.buckets.length > 0) s3.buckets = draft.buckets;
  if (Object.keys(s3).length > 0) chain.s3 = s3;
  // Every field was validated as typed; this is the settings parser's last word on the whole chain.
  const problem = validateChain(chain)[0];
  if (problem) {
    throw new RoleChainError('validation', `${existing ? 'Editing' : 'Adding'} chain "${chain.name}": ${problem.message}`, { chainName: chain.name });
  }
  return chain;
}
