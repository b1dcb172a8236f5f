// Generate IAM Policies for Chain: for every step, the role with a trust policy that allows exactly the previous
// principal (the base identity for step 1, the previous step's role after that), the sts:ExternalId and MFA
// conditions the chain's settings imply, MaxSessionDuration, and the permission that lets the previous principal
// call sts:AssumeRole on it; plus S3 access to the pinned buckets on the final role. One model, rendered as plain
// IAM JSON and as CloudFormation YAML (one template per run of steps in the same account, deployed in order).
import { DEFAULT_DURATION_SECONDS, validateChain, type ChainConfig } from './chain';
import { RoleChainError } from './errors';
import { CHAINED_MAX_DURATION_SECONDS, parseRoleArn } from './validation';
import { YamlTag, toYaml, type YamlValue } from './yamlWriter';

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
}

export interface CloudFormationTemplate {
  account: string;
  /** 1-based position in the deployment order. */
  order: number;
  fileName: string;
  yaml: string;
}

const ASSUME_ROLE = 'sts:AssumeRole';
const BASE_PARAMETER = 'BasePrincipalArn';

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
    const chained = stepIndex > 0;
    const maxSessionDuration = chained ? CHAINED_MAX_DURATION_SECONDS : Math.max(CHAINED_MAX_DURATION_SECONDS, requested);
    const maxSessionDurationReason = chained
      ? 'assumed with the previous role\'s session (role chaining): AWS caps such sessions at 1 hour whatever MaxSessionDuration says.'
      : `at least the ${requested} s the chain requests for this step (IAM's minimum is 3600).`;

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
      notes.push("Uploads use SSE-KMS: grant the final role kms:GenerateDataKey and kms:Decrypt on the key (give its ARN as kmsKeyId to have that statement generated).");
    }
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

/** Plain IAM JSON: what to paste into the console or the CLI, with ExternalId placeholders. */
export function renderIamJson(p: GeneratedPolicies): string {
  const out = {
    chain: p.chainName,
    notes: p.notes,
    basePrincipal: {
      arn: p.base.arn,
      ...(p.base.attachTo ? { attachTo: p.base.attachTo } : {}),
      policies: [{ PolicyName: p.base.policy.name, PolicyDocument: p.base.policy.document }],
    },
    roles: p.roles.map((r) => ({
      step: r.stepIndex + 1,
      RoleName: r.roleName,
      Path: r.path,
      Arn: r.roleArn,
      MaxSessionDuration: r.maxSessionDuration,
      AssumeRolePolicyDocument: r.trustPolicy,
      Policies: r.policies.map((pol) => ({ PolicyName: pol.name, PolicyDocument: pol.document })),
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

// ------------------------------------------------------------------------------------------------------------
// CloudFormation

/** Policy documents as YAML values, with the ExternalId placeholders turned into !Ref parameters. */
function docToYaml(doc: PolicyDocument, refs: Map<string, YamlValue>): YamlValue {
  const convert = (v: unknown): YamlValue => {
    if (typeof v === 'string') return refs.get(v) ?? v;
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v as YamlValue;
  };
  return convert(doc);
}

function policiesYaml(policies: NamedPolicy[], refs: Map<string, YamlValue>): YamlValue[] {
  return policies.map((pol) => ({ '#': `${pol.name}: ${pol.purpose}`, PolicyName: pol.name, PolicyDocument: docToYaml(pol.document, refs) }));
}

interface Segment {
  account: string;
  roles: GeneratedRole[];
  withBase: boolean;
}

/** Consecutive steps in one account share a template; a role's trusted principal must exist before it is created. */
function segments(p: GeneratedPolicies): Segment[] {
  const out: Segment[] = [];
  for (const role of p.roles) {
    const last = out[out.length - 1];
    if (last && last.account === role.account) last.roles.push(role);
    else out.push({ account: role.account, roles: [role], withBase: false });
  }
  const first = out[0]!;
  if (p.base.account === first.account) first.withBase = true;
  else out.unshift({ account: p.base.account, roles: [], withBase: true });
  return out;
}

function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'chain';
}

function templateYaml(p: GeneratedPolicies, seg: Segment, order: number, total: number): string {
  const parameters: Record<string, YamlValue> = {};
  const resources: Record<string, YamlValue> = {};
  const refs = new Map<string, YamlValue>();

  if (seg.withBase && p.base.placeholder) {
    parameters[BASE_PARAMETER] = {
      Type: 'String',
      Default: p.base.arn,
      AllowedPattern: 'arn:aws[\\w-]*:iam::\\d{12}:(root|user/.+|role/.+)',
      Description: 'The user or role that starts the chain (step 1 trusts exactly this principal).',
    };
  }

  for (const role of seg.roles) {
    if (role.externalIdParameter) {
      parameters[role.externalIdParameter] = {
        Type: 'String',
        NoEcho: true,
        MinLength: 2,
        MaxLength: 1224,
        AllowedPattern: '[\\w+=,.@:/-]*',
        Description: `The ExternalId shared with whoever assumes step ${role.stepIndex + 1} (${role.roleName}); typed at deploy time, never stored in the template.`,
      };
      refs.set(externalIdPlaceholder(role.stepIndex), new YamlTag('!Ref', role.externalIdParameter));
    }
    if (role.stepIndex === 0 && p.base.placeholder) refs.set(p.base.arn, new YamlTag('!Ref', BASE_PARAMETER));
    const previous = p.roles[role.stepIndex - 1];
    const properties: Record<string, YamlValue> = {
      RoleName: role.roleName,
      Path: role.path,
      '#max': `MaxSessionDuration ${role.maxSessionDuration}: ${role.maxSessionDurationReason}`,
      MaxSessionDuration: role.maxSessionDuration,
      '#trust': `Trusts exactly ${role.stepIndex === 0 ? 'the base principal' : `step ${role.stepIndex}'s role`}${role.externalIdParameter ? ', with its ExternalId' : ''}${role.requiresMfa ? ', with MFA' : ''}.`,
      AssumeRolePolicyDocument: docToYaml(role.trustPolicy, refs),
    };
    if (role.policies.length > 0) properties.Policies = policiesYaml(role.policies, refs);
    const resource: Record<string, YamlValue> = { Type: 'AWS::IAM::Role' };
    // The trusted role must exist before IAM accepts it as a principal.
    if (previous && seg.roles.includes(previous)) resource.DependsOn = previous.logicalId;
    resource.Properties = properties;
    resources[role.logicalId] = resource;
  }

  if (seg.withBase) {
    const props: Record<string, YamlValue> = {
      Description: `Role chain ${p.chainName}: ${p.base.policy.purpose}`,
      PolicyDocument: docToYaml(p.base.policy.document, refs),
    };
    const attach = p.base.attachTo;
    if (attach) props[attach.kind === 'user' ? 'Users' : 'Roles'] = [attach.name];
    else props['#attach'] = 'Attach this policy to the users or roles that run the chain.';
    resources.BasePrincipalAssumePolicy = { Type: 'AWS::IAM::ManagedPolicy', Properties: props };
  }

  const steps = seg.roles.map((r) => r.stepIndex + 1);
  const what = steps.length === 0 ? 'the base principal\'s permission' : steps.length === 1 ? `step ${steps[0]}` : `steps ${steps[0]}–${steps[steps.length - 1]}`;
  const doc: Record<string, YamlValue> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Role chain ${p.chainName}: ${what} in account ${seg.account}${total > 1 ? ` (template ${order} of ${total}, deploy in order)` : ''}.`,
  };
  if (Object.keys(parameters).length > 0) doc.Parameters = parameters;
  doc.Resources = resources;
  const header = [
    `Generated by AWS Role Chains for chain "${p.chainName}". Deploy in account ${seg.account}${total > 1 ? `, as template ${order} of ${total}` : ''}.`,
    'Deploy with CAPABILITY_NAMED_IAM (the roles have fixed names, so the chain settings keep working).',
    ...p.notes,
  ];
  return toYaml(doc, header);
}

/** CloudFormation YAML, one template per run of consecutive steps in the same account, in deployment order. */
export function renderCloudFormation(p: GeneratedPolicies): CloudFormationTemplate[] {
  const segs = segments(p);
  return segs.map((seg, i) => ({
    account: seg.account,
    order: i + 1,
    fileName: `role-chain-${fileSafe(p.chainName)}${segs.length > 1 ? `-${i + 1}-${seg.account}` : ''}.yaml`,
    yaml: templateYaml(p, seg, i + 1, segs.length),
  }));
}
