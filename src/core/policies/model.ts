// Generate IAM Policies for Chain: for every step, the role with a trust policy that allows exactly the previous
// principal (the base identity for step 1, the previous step's role after that), the sts:ExternalId and MFA
// conditions the chain's settings imply, MaxSessionDuration, and the permission that lets the previous principal
// call sts:AssumeRole on it; plus S3 access to the pinned buckets on the final role. This is the one model; iamJson.ts
// and cloudFormation.ts render it.
import { DEFAULT_DURATION_SECONDS, type ChainConfig } from '../chain';
import { validateChain } from '../chainParser';
import { RoleChainError } from '../errors';
import { CHAINED_MAX_DURATION_SECONDS, parseRoleArn } from '../validation';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { AWS: string };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface NamedPolicy {
  name: string;
  /** Why the policy exists, written as a comment next to it. */
  purpose: string;
  document: PolicyDocument;
}

export interface GeneratedRole {
  stepIndex: number; // 0-based
  logicalId: string; // Step1Role
  roleArn: string;
  roleName: string;
  path: string;
  account: string;
  /** The principal its trust policy allows: the base principal or the previous step's role. */
  trustedPrincipal: string;
  /** In the JSON, the ExternalId condition holds externalIdPlaceholder(stepIndex); CloudFormation takes a NoEcho parameter. */
  externalIdParameter?: string;
  requiresMfa: boolean;
  maxSessionDuration: number;
  maxSessionDurationReason: string;
  trustPolicy: PolicyDocument;
  /** Inline policies of this role: assuming the next step, S3 access on the final role. */
  policies: NamedPolicy[];
}

export interface GeneratedBasePrincipal {
  arn: string;
  account: string;
  /** True when no base principal was given and the account root of step 1 stands in (a CloudFormation parameter). */
  placeholder: boolean;
  /** Where the base policy can be attached by the template; undefined for an account root. */
  attachTo?: { kind: 'user' | 'role'; name: string };
  /** Lets the base principal assume step 1's role. */
  policy: NamedPolicy;
}

export interface GeneratedPolicies {
  chainName: string;
  base: GeneratedBasePrincipal;
  roles: GeneratedRole[];
  /** Advice the person should read before deploying (also written into the templates). */
  notes: string[];
}

export interface PolicyGeneratorOptions {
  /**
   * The identity that starts the chain: a user, role or account-root ARN, a 12-digit account, or an assumed-role
   * session ARN (as Who Am I shows it). Default: the root of step 1's account, as a parameter to fill in.
   */
  basePrincipalArn?: string;
  /**
   * True when the chain starts from role-session credentials (an SSO, credential_source or role profile, an instance
   * role): step 1 is then role chaining. A role or assumed-role base principal implies it.
   */
  baseIsRoleSession?: boolean;
}

const ASSUME_ROLE = 'sts:AssumeRole';
/** The CloudFormation parameter that stands for the base principal when none was given (named in the notes, too). */
export const BASE_PARAMETER = 'BasePrincipalArn';

/** The value standing for a step's ExternalId in the JSON output: IAM never matches it, since `<` cannot occur in an ExternalId. */
export function externalIdPlaceholder(stepIndex: number): string {
  return `<ExternalId of step ${stepIndex + 1}>`;
}

function invalid(chain: ChainConfig, message: string): RoleChainError {
  return new RoleChainError('validation', `Cannot generate policies for chain "${chain.name}": ${message}`, { chainName: chain.name });
}

interface BaseIdentity {
  arn: string;
  account: string;
  attachTo?: { kind: 'user' | 'role'; name: string };
  note?: string;
}

/** Accepts the forms people have at hand; says exactly what is wrong otherwise. */
export function parseBasePrincipal(value: string): BaseIdentity | string {
  const v = value.trim();
  if (/^\d{12}$/.test(v)) return { arn: `arn:aws:iam::${v}:root`, account: v };
  const m = /^arn:(aws[\w-]*):(iam|sts)::(\d{12}):(.+)$/.exec(v);
  if (!m) {
    return 'The base principal is a user, role or account ARN (arn:aws:iam::123456789012:user/alice), an assumed-role ARN as Who Am I shows it, or a 12-digit account id.';
  }
  const [, partition = 'aws', service, account = '', resource = ''] = m;
  if (service === 'sts') {
    const session = /^assumed-role\/([\w+=,.@-]{1,64})\/[\w+=,.@-]{2,64}$/.exec(resource);
    if (!session) return 'Only assumed-role session ARNs (arn:aws:sts::<account>:assumed-role/<role>/<session>) can stand for a role.';
    const name = session[1] ?? '';
    return {
      arn: `arn:${partition}:iam::${account}:role/${name}`,
      account,
      attachTo: { kind: 'role', name },
      note: `The base principal was given as a session of role ${name}; a session ARN does not show the role's path, so add it to the trust policy of step 1 if the role has one.`,
    };
  }
  if (resource === 'root') return { arn: v, account };
  const entity = /^(user|role)\/(?:[\x21-\x2e\x30-\x7e]+\/)*([\w+=,.@-]{1,64})$/.exec(resource);
  if (!entity) return 'The base principal ARN must end in :root, :user/<name> or :role/<name>.';
  return { arn: v, account, attachTo: { kind: entity[1] as 'user' | 'role', name: entity[2] ?? '' } };
}

function s3Statements(chain: ChainConfig, partition: string): PolicyStatement[] {
  const buckets = chain.s3?.buckets ?? [];
  if (buckets.length === 0) return [];
  const bucketArns = buckets.map((b) => `arn:${partition}:s3:::${b}`);
  const objectArns = bucketArns.map((a) => `${a}/*`);
  const statements: PolicyStatement[] = [
    { Sid: 'ListPinnedBuckets', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: bucketArns },
    // AbortMultipartUpload: cancelling a large upload removes its parts instead of leaving them billed.
    { Sid: 'ReadWriteObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: objectArns },
  ];
  const sse = chain.s3?.sse;
  if (sse === 'AES256' || sse === 'aws:kms') {
    // UploadPart is authorised as s3:PutObject but carries no encryption header, so requests without the key
    // must not be denied; uploads that ask for another encryption are.
    statements.push({
      Sid: 'DenyOtherEncryption',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: objectArns,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': sse }, Null: { 's3:x-amz-server-side-encryption': 'false' } },
    });
    const key = chain.s3?.kmsKeyId;
    if (sse === 'aws:kms' && key !== undefined && /^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(key)) {
      statements.push({ Sid: 'UseUploadKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key });
    }
  }
  return statements;
}

/**
 * What the generated policies cannot grant by themselves: across accounts AWS needs the resource's own policy too.
 * A KMS key ARN names its account; a bucket name does not, so the bucket note says when it applies.
 */
function crossAccountNotes(chain: ChainConfig, last: GeneratedRole): string[] {
  const notes: string[] = [];
  const key = chain.s3?.sse === 'aws:kms' ? chain.s3.kmsKeyId : undefined;
  const keyAccount = key === undefined ? undefined : /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(key)?.[1];
  if (key !== undefined && keyAccount !== undefined && keyAccount !== last.account) {
    notes.push(
      `The KMS key ${key} is in account ${keyAccount}, the final role in ${last.account}: the key's key policy must also allow ${last.roleArn} kms:GenerateDataKey and kms:Decrypt (an identity policy alone is not enough across accounts).`,
    );
  }
  const buckets = chain.s3?.buckets ?? [];
  if (buckets.length > 0) {
    const owner = keyAccount !== undefined && keyAccount !== last.account ? `account ${keyAccount} (the key's), or any account other than ${last.account}` : `an account other than ${last.account}`;
    notes.push(
      `If a pinned bucket (${buckets.join(', ')}) belongs to ${owner}, its bucket policy must also allow ${last.roleArn} s3:ListBucket and s3:GetBucketLocation on the bucket and s3:GetObject, s3:PutObject, s3:DeleteObject and s3:AbortMultipartUpload on its objects.`,
    );
  }
  return notes;
}

function policy(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The model behind both outputs. Throws a validation RoleChainError naming the problem; nothing is generated then. */
export function generatePolicies(chain: ChainConfig, opts: PolicyGeneratorOptions = {}): GeneratedPolicies {
  const problem = validateChain(chain)[0];
  if (problem) throw invalid(chain, problem.message);
  const arns = chain.steps.map((s) => s.roleArn);
  const repeated = arns.find((a, i) => arns.indexOf(a) !== i);
  if (repeated !== undefined) throw invalid(chain, `role ${repeated} appears in more than one step; a role has one trust policy, so write its policies by hand.`);

  const parsed = chain.steps.map((s) => parseRoleArn(s.roleArn)!);
  const first = parsed[0]!;
  const notes: string[] = [];

  let baseIdentity: BaseIdentity;
  let placeholder = false;
  if (opts.basePrincipalArn !== undefined && opts.basePrincipalArn.trim() !== '') {
    const b = parseBasePrincipal(opts.basePrincipalArn);
    if (typeof b === 'string') throw invalid(chain, b);
    baseIdentity = b;
    if (b.note) notes.push(b.note);
  } else {
    baseIdentity = { arn: `arn:${first.partition}:iam::${first.account}:root`, account: first.account };
    placeholder = true;
    notes.push(`No base principal was given: step 1 trusts ${baseIdentity.arn} (the ${BASE_PARAMETER} parameter). Replace it with the user or role that starts the chain.`);
  }
  if (baseIdentity.account === first.account && baseIdentity.arn.endsWith(':root')) {
    notes.push('A trust policy naming an account root lets that account delegate: attach the base policy only to the identities that should run the chain.');
  }

  // Sessions of a role (the base principal's, or base credentials that are a role session) assume step 1 by chaining.
  const baseIsRoleSession = opts.baseIsRoleSession === true || baseIdentity.attachTo?.kind === 'role';
  const roles: GeneratedRole[] = chain.steps.map((step, stepIndex) => {
    const arn = parsed[stepIndex]!;
    const trustedPrincipal = stepIndex === 0 ? baseIdentity.arn : chain.steps[stepIndex - 1]!.roleArn;
    const condition: Record<string, Record<string, string>> = {};
    const externalIdParameter = step.externalId === 'prompt' ? `Step${stepIndex + 1}ExternalId` : undefined;
    if (externalIdParameter) condition.StringEquals = { 'sts:ExternalId': externalIdPlaceholder(stepIndex) };
    if (step.mfaSerial !== undefined) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
    const statement: PolicyStatement = {
      Sid: stepIndex === 0 ? 'AssumeFromBasePrincipal' : `AssumeFromStep${stepIndex}`,
      Effect: 'Allow',
      Principal: { AWS: trustedPrincipal },
      Action: ASSUME_ROLE,
    };
    if (Object.keys(condition).length > 0) statement.Condition = condition;

    const requested = step.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    const chained = stepIndex > 0 || baseIsRoleSession;
    const maxSessionDuration = chained ? CHAINED_MAX_DURATION_SECONDS : Math.max(CHAINED_MAX_DURATION_SECONDS, requested);
    const maxSessionDurationReason = !chained
      ? `at least the ${requested} s the chain requests for this step (IAM's minimum is 3600).`
      : stepIndex > 0
        ? 'assumed with the previous role\'s session (role chaining): AWS caps such sessions at 1 hour whatever MaxSessionDuration says.'
        : 'assumed with the base credentials, which are a role session (role chaining): AWS caps such sessions at 1 hour whatever MaxSessionDuration says.';
    if (stepIndex === 0 && chained && requested > CHAINED_MAX_DURATION_SECONDS) {
      notes.push(
        `Step 1 asks for ${requested} s, but the base credentials are a role session, so step 1 is role chaining and AWS refuses more than ${CHAINED_MAX_DURATION_SECONDS} s: set the step's durationSeconds to ${CHAINED_MAX_DURATION_SECONDS} or less.`,
      );
    }

    return {
      stepIndex,
      logicalId: `Step${stepIndex + 1}Role`,
      roleArn: step.roleArn,
      roleName: arn.name,
      path: arn.path,
      account: arn.account,
      trustedPrincipal,
      ...(externalIdParameter ? { externalIdParameter } : {}),
      requiresMfa: step.mfaSerial !== undefined,
      maxSessionDuration,
      maxSessionDurationReason,
      trustPolicy: policy([statement]),
      policies: [],
    };
  });

  // Each role may assume the next one: the permission half of the trust relationship.
  roles.forEach((role, i) => {
    const next = roles[i + 1];
    if (!next) return;
    role.policies.push({
      name: `AssumeStep${i + 2}Role`,
      purpose: `lets sessions of this role assume step ${i + 2} (${next.roleArn}).`,
      document: policy([{ Sid: 'AssumeNextRoleInChain', Effect: 'Allow', Action: ASSUME_ROLE, Resource: next.roleArn }]),
    });
  });
  const last = roles[roles.length - 1]!;
  const s3 = s3Statements(chain, first.partition);
  if (s3.length > 0) {
    last.policies.push({ name: 'PinnedBucketsAccess', purpose: `lets the final step list, read, upload and delete in the pinned buckets (${chain.s3?.buckets?.join(', ')}).`, document: policy(s3) });
    if (chain.s3?.sse === 'aws:kms' && !/^arn:/.test(chain.s3.kmsKeyId ?? '')) {
      notes.push(
        "Uploads use SSE-KMS: grant the final role kms:GenerateDataKey and kms:Decrypt on the key (give its ARN as kmsKeyId to have that statement generated). If the key belongs to another account, its key policy must allow the role as well.",
      );
    }
    notes.push(...crossAccountNotes(chain, last));
  }

  const base: GeneratedBasePrincipal = {
    arn: baseIdentity.arn,
    account: baseIdentity.account,
    placeholder,
    ...(baseIdentity.attachTo ? { attachTo: baseIdentity.attachTo } : {}),
    policy: {
      name: 'AssumeStep1Role',
      purpose: `lets the base principal assume step 1 (${roles[0]!.roleArn}).`,
      document: policy([{ Sid: 'AssumeFirstRoleInChain', Effect: 'Allow', Action: ASSUME_ROLE, Resource: roles[0]!.roleArn }]),
    },
  };
  return { chainName: chain.name, base, roles, notes };
}
