// Parsing and validation of the roleChains.chains setting into the chain model. Every problem carries the JSON
// path, the chain, the 1-based step and the field, and says how to fix it; an invalid chain is left out rather
// than half-used.
import { CHAINS_SETTING, type ChainConfig, type ChainProblem, type ExternalIdMode, type S3Options, type SsoBase, type StepConfig } from './chain';
import { EXTERNAL_ID_ADVICE, findSecrets, isScannedKey, looseKey } from './credentialScan';
import {
  validateBucketName,
  validateAccountId,
  validateChainName,
  validateDurationSeconds,
  validateKmsKeyId,
  validateMfaSerial,
  validateProfileName,
  validateRegion,
  validateRoleArn,
  validateSessionName,
  validateSsoRoleName,
  validateSsoSessionName,
  validateSsoStartUrl,
} from './validation';

const CHAIN_FIELDS = ['name', 'sourceProfile', 'sso', 'region', 'steps', 's3'] as const;
const SSO_FIELDS = ['session', 'startUrl', 'region', 'accountId', 'roleName'] as const;
const STEP_FIELDS = ['roleArn', 'externalId', 'sessionName', 'durationSeconds', 'mfaSerial', 'region'] as const;
const S3_FIELDS = ['sse', 'kmsKeyId', 'buckets'] as const;
const SSE_MODES = ['AES256', 'aws:kms', 'none'] as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects the problems of one chain, with its place in the settings for every message. */
class Problems {
  readonly list: ChainProblem[] = [];
  constructor(
    private readonly base: string,
    private readonly label: string,
    private readonly chain: string | undefined,
  ) {}

  add(where: { step?: number; field?: string; path?: string }, message: string): void {
    const stepPath = where.step === undefined ? '' : `.steps[${where.step - 1}]`;
    const path = where.path ?? `${this.base}${stepPath}${where.field ? `.${where.field}` : ''}`;
    const place = [this.label, where.step === undefined ? undefined : `step ${where.step}`, where.field].filter((p) => p !== undefined).join(', ');
    this.list.push({ path, chain: this.chain, step: where.step, field: where.field, message: `${place}: ${message}` });
  }
}

/** `loose` folds a written key for the comparison (the sso object also knows the config file's sso_* spelling). */
function suggest(key: string, known: readonly string[], loose: (k: string) => string = looseKey): string {
  const match = known.find((k) => looseKey(k) === loose(key));
  return match ? ` Did you mean "${match}"?` : ` Known fields: ${known.join(', ')}.`;
}

/** sso_start_url, sso_account_id… as written in ~/.aws/config, matched to startUrl, accountId… */
const ssoLooseKey = (k: string): string => looseKey(k).replace(/^sso(?=.)/, '');

function optionalString(obj: Obj, key: string, problems: Problems, step?: number, prefix = ''): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    problems.add({ step, field: `${prefix}${key}` }, `must be a string.`);
    return undefined;
  }
  return v;
}

function unknownFields(obj: Obj, known: readonly string[], problems: Problems, step?: number, prefix = '', loose?: (k: string) => string): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key) || isScannedKey(key)) continue;
    problems.add({ step, field: `${prefix}${key}` }, `unknown field.${suggest(key, known, loose)}`);
  }
}

/** `baseIsRoleSession`: step 1 is assumed with a role session (an Identity Center base), so it is role chaining too. */
function parseStep(raw: unknown, stepNo: number, chained: boolean, baseIsRoleSession: boolean, problems: Problems): StepConfig | undefined {
  if (!isObj(raw)) {
    problems.add({ step: stepNo }, 'each step is an object such as { "roleArn": "arn:aws:iam::123456789012:role/Deployer", "externalId": "prompt" }.');
    return undefined;
  }
  unknownFields(raw, STEP_FIELDS, problems, stepNo);
  const before = problems.list.length;

  const roleArn = raw.roleArn;
  if (typeof roleArn !== 'string') {
    problems.add({ step: stepNo, field: 'roleArn' }, 'add the role to assume, e.g. "arn:aws:iam::123456789012:role/Deployer".');
  } else {
    const m = validateRoleArn(roleArn);
    if (m) problems.add({ step: stepNo, field: 'roleArn' }, m);
  }

  let externalId: ExternalIdMode = 'prompt';
  if (raw.externalId !== undefined) {
    const v = raw.externalId;
    const mode = typeof v === 'string' ? v.toLowerCase() : undefined;
    if (mode === 'prompt' || mode === 'none') externalId = mode;
    else if (typeof v === 'string') problems.add({ step: stepNo, field: 'externalId' }, EXTERNAL_ID_ADVICE);
    else problems.add({ step: stepNo, field: 'externalId' }, 'must be "prompt" (asked at run time) or "none".');
  }

  const sessionName = optionalString(raw, 'sessionName', problems, stepNo);
  if (sessionName !== undefined) {
    const m = validateSessionName(sessionName);
    if (m) problems.add({ step: stepNo, field: 'sessionName' }, m);
  }

  let durationSeconds: number | undefined;
  if (raw.durationSeconds !== undefined) {
    if (typeof raw.durationSeconds !== 'number') {
      problems.add({ step: stepNo, field: 'durationSeconds' }, 'must be a number of seconds, e.g. 3600.');
    } else {
      durationSeconds = raw.durationSeconds;
      const m = validateDurationSeconds(durationSeconds, chained, baseIsRoleSession);
      if (m) problems.add({ step: stepNo, field: 'durationSeconds' }, m);
    }
  }

  const mfaSerial = optionalString(raw, 'mfaSerial', problems, stepNo);
  if (mfaSerial !== undefined) {
    const m = validateMfaSerial(mfaSerial);
    if (m) problems.add({ step: stepNo, field: 'mfaSerial' }, m);
  }

  const region = optionalString(raw, 'region', problems, stepNo);
  if (region !== undefined) {
    const m = validateRegion(region);
    if (m) problems.add({ step: stepNo, field: 'region' }, m);
  }

  if (problems.list.length > before || typeof roleArn !== 'string') return undefined;
  const step: StepConfig = { roleArn, externalId };
  if (sessionName !== undefined) step.sessionName = sessionName;
  if (durationSeconds !== undefined) step.durationSeconds = durationSeconds;
  if (mfaSerial !== undefined) step.mfaSerial = mfaSerial;
  if (region !== undefined) step.region = region;
  return step;
}

function parseS3(raw: unknown, problems: Problems): S3Options | undefined {
  if (!isObj(raw)) {
    problems.add({ field: 's3' }, 'must be an object such as { "sse": "AES256", "buckets": ["my-bucket"] }.');
    return undefined;
  }
  unknownFields(raw, S3_FIELDS, problems, undefined, 's3.');
  const s3: S3Options = {};
  if (raw.sse !== undefined) {
    if (!SSE_MODES.includes(raw.sse as (typeof SSE_MODES)[number])) {
      problems.add({ field: 's3.sse' }, 'must be "AES256", "aws:kms" or "none".');
    } else {
      s3.sse = raw.sse as S3Options['sse'];
    }
  }
  const kmsKeyId = optionalString(raw, 'kmsKeyId', problems);
  if (kmsKeyId !== undefined) {
    const m = validateKmsKeyId(kmsKeyId);
    if (m) problems.add({ field: 's3.kmsKeyId' }, m);
    else if (raw.sse !== 'aws:kms') problems.add({ field: 's3.kmsKeyId' }, 'is only used with "sse": "aws:kms": set sse or remove kmsKeyId.');
    else s3.kmsKeyId = kmsKeyId;
  }
  if (raw.buckets !== undefined) {
    if (!Array.isArray(raw.buckets)) {
      problems.add({ field: 's3.buckets' }, 'must be a list of bucket names, e.g. ["my-bucket"].');
    } else {
      const buckets: string[] = [];
      raw.buckets.forEach((b: unknown, i) => {
        const field = `s3.buckets[${i}]`;
        if (typeof b !== 'string') return problems.add({ field }, 'must be a bucket name.');
        const m = validateBucketName(b);
        if (m) return problems.add({ field }, m);
        if (buckets.includes(b)) return problems.add({ field }, `"${b}" is listed twice: remove one.`);
        buckets.push(b);
      });
      s3.buckets = buckets;
    }
  }
  return s3;
}

/** The Identity Center base: an sso-session name, or a start URL with its region; account and role optional. */
function parseSso(raw: unknown, problems: Problems): SsoBase | undefined {
  if (!isObj(raw)) {
    problems.add({ field: 'sso' }, 'must be an object such as { "session": "my-sso" } or { "startUrl": "https://d-1234567890.awsapps.com/start", "region": "eu-west-1" }.');
    return undefined;
  }
  unknownFields(raw, SSO_FIELDS, problems, undefined, 'sso.', ssoLooseKey);
  const before = problems.list.length;
  const field = (key: (typeof SSO_FIELDS)[number]): string | undefined => optionalString(raw, key, problems, undefined, 'sso.');
  const check = (key: (typeof SSO_FIELDS)[number], value: string | undefined, validate: (v: string) => string | undefined): void => {
    const m = value === undefined ? undefined : validate(value);
    if (m) problems.add({ field: `sso.${key}` }, m);
  };
  const session = field('session');
  const startUrl = field('startUrl');
  const region = field('region');
  const accountId = field('accountId');
  const roleName = field('roleName');

  check('session', session, validateSsoSessionName);
  check('startUrl', startUrl, validateSsoStartUrl);
  if (session !== undefined && startUrl !== undefined) {
    // Which of the two goes decides whether region belongs, so region is not judged here.
    problems.add({ field: 'sso' }, 'set either session (an [sso-session NAME] of ~/.aws/config) or startUrl with region, not both: remove one.');
  } else if (session === undefined && startUrl === undefined && raw.session === undefined && raw.startUrl === undefined) {
    problems.add({ field: 'sso' }, 'add session (an [sso-session NAME] of ~/.aws/config), or startUrl and region (the AWS access portal and its region).');
  } else if (session !== undefined && region !== undefined) {
    problems.add({ field: 'sso.region' }, 'the [sso-session] section gives the region when session is set: remove region (or use startUrl and region instead of session).');
  } else if (startUrl !== undefined && region === undefined && raw.region === undefined) {
    problems.add({ field: 'sso.region' }, 'add the Identity Center region that goes with startUrl (where the portal lives), e.g. "eu-west-1".');
  } else {
    check('region', region, validateRegion);
  }
  check('accountId', accountId, validateAccountId);
  check('roleName', roleName, validateSsoRoleName);

  if (problems.list.length > before) return undefined;
  const sso: SsoBase = {};
  if (session !== undefined) sso.session = session;
  if (startUrl !== undefined) sso.startUrl = startUrl;
  if (region !== undefined) sso.region = region;
  if (accountId !== undefined) sso.accountId = accountId;
  if (roleName !== undefined) sso.roleName = roleName;
  return sso;
}

interface ParsedChain {
  chain?: ChainConfig;
  problems: ChainProblem[];
}

function parseChain(raw: unknown, index: number): ParsedChain {
  const base = `${CHAINS_SETTING}[${index}]`;
  const rawName = isObj(raw) && typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : undefined;
  const problems = new Problems(base, rawName !== undefined ? `Chain "${rawName}"` : `Chain #${index + 1}`, rawName);
  if (!isObj(raw)) {
    problems.add({}, 'each chain is an object with a "name" and "steps".');
    return { problems: problems.list };
  }
  const stepOf = (path: string): number | undefined => {
    const m = /\.steps\[(\d+)\]/.exec(path.slice(base.length));
    return m?.[1] !== undefined ? Number(m[1]) + 1 : undefined;
  };
  for (const found of findSecrets(raw, base, stepOf)) problems.add({ step: found.step, field: found.field, path: found.path }, found.message);
  unknownFields(raw, CHAIN_FIELDS, problems);

  if (typeof raw.name !== 'string') problems.add({ field: 'name' }, 'give the chain a unique name, e.g. "prod-deploy".');
  else {
    const m = validateChainName(raw.name);
    if (m) problems.add({ field: 'name' }, m);
  }

  const sourceProfile = optionalString(raw, 'sourceProfile', problems);
  if (sourceProfile !== undefined) {
    const m = validateProfileName(sourceProfile);
    if (m) problems.add({ field: 'sourceProfile' }, m);
  }
  const sso = raw.sso === undefined ? undefined : parseSso(raw.sso, problems);
  if (raw.sso !== undefined && raw.sourceProfile !== undefined) {
    problems.add({ field: 'sso' }, 'a chain starts from sso (IAM Identity Center) or from sourceProfile, not both: choose one and remove the other.');
  }
  const region = optionalString(raw, 'region', problems);
  if (region !== undefined) {
    const m = validateRegion(region);
    if (m) problems.add({ field: 'region' }, m);
  }

  const steps: StepConfig[] = [];
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
    problems.add({ field: 'steps' }, 'add at least one step, e.g. [{ "roleArn": "arn:aws:iam::123456789012:role/Deployer", "externalId": "prompt" }].');
  } else {
    raw.steps.forEach((s: unknown, i) => {
      // Identity Center hands out role credentials, so assuming step 1 with them is role chaining (capped at 1 hour).
      const step = parseStep(s, i + 1, i > 0, i === 0 && raw.sso !== undefined, problems);
      if (step) steps.push(step);
    });
  }

  const s3 = raw.s3 === undefined ? undefined : parseS3(raw.s3, problems);

  if (problems.list.length > 0 || typeof raw.name !== 'string') return { problems: problems.list };
  const chain: ChainConfig = { name: raw.name, steps };
  if (sourceProfile !== undefined) chain.sourceProfile = sourceProfile;
  if (sso !== undefined) chain.sso = sso;
  if (region !== undefined) chain.region = region;
  if (s3 !== undefined) chain.s3 = s3;
  return { chain, problems: [] };
}

/** Parses the `roleChains.chains` setting. Invalid chains are left out of `chains`; each problem is listed. */
export function parseChains(raw: unknown): { chains: ChainConfig[]; problems: ChainProblem[] } {
  if (raw === undefined || raw === null) return { chains: [], problems: [] };
  if (!Array.isArray(raw)) {
    return {
      chains: [],
      problems: [{ path: CHAINS_SETTING, message: `${CHAINS_SETTING} must be a list of chains: [{ "name": "…", "steps": [ … ] }].` }],
    };
  }
  const chains: ChainConfig[] = [];
  const problems: ChainProblem[] = [];
  const firstIndexByName = new Map<string, number>();
  raw.forEach((item: unknown, i) => {
    const parsed = parseChain(item, i);
    problems.push(...parsed.problems);
    const name = isObj(item) && typeof item.name === 'string' ? item.name : undefined;
    if (name !== undefined && name.trim() !== '') {
      const first = firstIndexByName.get(name);
      if (first !== undefined) {
        problems.push({
          path: `${CHAINS_SETTING}[${i}].name`,
          chain: name,
          field: 'name',
          message: `Chain "${name}", name: already used by ${CHAINS_SETTING}[${first}]; chain names must be unique, so rename one.`,
        });
        return;
      }
      firstIndexByName.set(name, i);
    }
    if (parsed.chain) chains.push(parsed.chain);
  });
  return { chains, problems };
}

/** The problems of one chain already in the typed model (the wizard, and runChain before any request). */
export function validateChain(chain: ChainConfig): ChainProblem[] {
  return parseChain(chain, 0).problems;
}
