// Parsing and validation of the roleChains.chains setting into the chain model. Every problem carries the JSON
// path, the chain, the 1-based step and the field, and says how to fix it; an invalid chain is left out rather
// than half-used.
import { CHAINS_SETTING, type ChainConfig, type ChainProblem, type ExternalIdMode, type S3Options, type StepConfig } from './chain';
import { EXTERNAL_ID_ADVICE, findSecrets, isScannedKey, looseKey } from './credentialScan';
import {
  validateBucketName,
  validateChainName,
  validateDurationSeconds,
  validateKmsKeyId,
  validateMfaSerial,
  validateProfileName,
  validateRegion,
  validateRoleArn,
  validateSessionName,
} from './validation';

const CHAIN_FIELDS = ['name', 'sourceProfile', 'sso', 'region', 'steps', 's3'] as const;
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

function suggest(key: string, known: readonly string[]): string {
  const match = known.find((k) => looseKey(k) === looseKey(key));
  return match ? ` Did you mean "${match}"?` : ` Known fields: ${known.join(', ')}.`;
}

function optionalString(obj: Obj, key: string, problems: Problems, step?: number): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    problems.add({ step, field: key }, `must be a string.`);
    return undefined;
  }
  return v;
}

function unknownFields(obj: Obj, known: readonly string[], problems: Problems, step?: number, prefix = ''): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key) || isScannedKey(key)) continue;
    problems.add({ step, field: `${prefix}${key}` }, `unknown field.${suggest(key, known)}`);
  }
}

function parseStep(raw: unknown, stepNo: number, chained: boolean, problems: Problems): StepConfig | undefined {
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
      const m = validateDurationSeconds(durationSeconds, chained);
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
      const step = parseStep(s, i + 1, i > 0, problems);
      if (step) steps.push(step);
    });
  }

  const s3 = raw.s3 === undefined ? undefined : parseS3(raw.s3, problems);

  if (problems.list.length > 0 || typeof raw.name !== 'string') return { problems: problems.list };
  const chain: ChainConfig = { name: raw.name, steps };
  if (sourceProfile !== undefined) chain.sourceProfile = sourceProfile;
  if (region !== undefined) chain.region = region;
  if (s3 !== undefined) chain.s3 = s3;
  if (isObj(raw.sso)) chain.sso = raw.sso as ChainConfig['sso']; // TEMPORARY until the parser branch lands
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
