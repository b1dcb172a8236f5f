// Policy evaluation: the subset of IAM's policy language that role trust policies and the identity policies of
// users and roles use. Explicit Deny wins over Allow; no matching Allow is an implicit deny, as in IAM.
import type { PolicyDocument, PolicyStatement, Principal } from './types';

/** Condition keys as IAM names them; lookups are case-insensitive like IAM's. */
export type ConditionContext = Record<string, string | undefined>;

export type Decision = 'allow' | 'explicitDeny' | 'implicitDeny';

const STRING_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Bool',
  'Null',
]);

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** IAM wildcards: `*` any run of characters, `?` one character; everything else literal. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** The six colon-separated parts of an ARN; the resource part (after the fifth colon) may itself hold colons. */
function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon < 0) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * ARN matching as IAM does it for ArnLike/ArnEquals and Resource: each of the six parts is matched on its own, so
 * `*` never crosses a colon before the resource part; a pattern that is not a whole ARN matches nothing (only a bare
 * `*` matches every ARN).
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const want = arnParts(pattern);
  const have = arnParts(arn);
  if (!want || !have) return false;
  return want.every((part, i) => wildcardMatch(part, have[i] ?? ''));
}

/** The partition of an ARN (aws, aws-cn, aws-us-gov, …), or undefined when it is not an ARN. */
export function arnPartition(arn: string): string | undefined {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1];
}

function splitOperator(name: string): { base: string; ifExists: boolean } {
  return name.endsWith('IfExists') ? { base: name.slice(0, -'IfExists'.length), ifExists: true } : { base: name, ifExists: false };
}

/** The first policy variable (`${aws:PrincipalAccount}`) anywhere in a statement, or undefined. */
function policyVariable(value: unknown): string | undefined {
  if (typeof value === 'string') return /\$\{[^}]*\}/.exec(value)?.[0];
  if (Array.isArray(value)) return value.map(policyVariable).find((v) => v !== undefined);
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = policyVariable(key) ?? policyVariable(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** What makes a statement unusable for either kind of policy, or undefined. */
function checkStatement(statement: PolicyStatement, where: string): string | undefined {
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return `${where}: Effect must be Allow or Deny`;
  if (asList(statement.Action).length === 0) return `${where}: Action is empty`;
  // IAM would substitute the variable; this endpoint does not, and guessing would let a wrong policy pass.
  const variable = policyVariable(statement);
  if (variable !== undefined) return `${where}: MalformedPolicyDocument: the policy variable ${variable} is not supported by the local endpoint`;
  const unsupported = Object.keys(statement).find((key) => !['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition'].includes(key));
  if (unsupported !== undefined) return `${where}: ${unsupported} is not supported by the local endpoint`;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!STRING_OPERATORS.has(splitOperator(operator).base)) return `${where}: condition operator ${operator} is not supported`;
    if (typeof block !== 'object' || block === null) return `${where}: condition ${operator} must map keys to values`;
  }
  return undefined;
}

/** A message naming what is unsupported or malformed in an identity policy (no Principal, a Resource), or undefined. */
export function checkIdentityPolicy(policy: PolicyDocument): string | undefined {
  return checkStatements(policy, (statement, where) => {
    if (statement.Principal !== undefined) return `${where}: an identity policy statement has no Principal`;
    if (asList(statement.Resource).length === 0) return `${where}: an identity policy statement needs a Resource`;
    return undefined;
  });
}

/** A message naming what is unsupported or malformed in a trust policy, or undefined when it can be evaluated. */
export function checkTrustPolicy(policy: PolicyDocument): string | undefined {
  return checkStatements(policy, (statement, where) => (statement.Principal === undefined ? `${where}: a trust policy statement needs a Principal` : undefined));
}

/** The first problem of any statement: the shared checks, then those of the policy's kind. */
function checkStatements(policy: PolicyDocument, kindCheck: (statement: PolicyStatement, where: string) => string | undefined): string | undefined {
  const statements = asList(policy.Statement);
  if (statements.length === 0) return 'has no Statement';
  for (const [index, statement] of statements.entries()) {
    const where = `Statement ${statement.Sid ?? index}`;
    const problem = checkStatement(statement, where) ?? kindCheck(statement, where);
    if (problem) return problem;
  }
  return undefined;
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  return asList(statement.Action).some((pattern) => wildcardMatch(pattern, action, true));
}

/** Whether one `Principal.AWS` entry names the caller (IAM's rules for users, roles, sessions and accounts). */
function principalEntryMatches(entry: string, caller: Principal): boolean {
  if (entry === '*') return true;
  if (/^\d{12}$/.test(entry)) return caller.account === entry;
  // An ARN names a principal of its own partition only: arn:aws:… never matches an aws-cn caller.
  if (arnPartition(entry) !== arnPartition(caller.arn)) return false;
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry);
  if (root) return caller.account === root[1];
  return namesCaller(entry, caller);
}

/** Whether an entry names this very user, role or session (not its account, not everyone). */
function namesCaller(entry: string, caller: Principal): boolean {
  if (/^arn:[^:]+:iam::\d{12}:role\//.test(entry)) return caller.kind === 'assumed-role' && caller.roleArn === entry;
  return caller.arn === entry;
}

function principalMatches(statement: PolicyStatement, caller: Principal): boolean {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return asList(principal.AWS).some((entry) => principalEntryMatches(entry, caller));
}

function principalNamesCaller(statement: PolicyStatement, caller: Principal): boolean {
  const principal = statement.Principal;
  if (principal === undefined || principal === '*') return false;
  return asList(principal.AWS).some((entry) => namesCaller(entry, caller));
}

function lookup(context: ConditionContext, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function valueMatches(base: string, expected: string, actual: string): boolean {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return expected === actual;
    // IAM treats ArnEquals like ArnLike: part by part, with wildcards.
    case 'ArnEquals':
    case 'ArnNotEquals':
    case 'ArnLike':
    case 'ArnNotLike':
      return arnMatch(expected, actual);
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return wildcardMatch(expected, actual);
    case 'Bool':
      return expected.toLowerCase() === actual.toLowerCase();
    default:
      return false;
  }
}

function conditionHolds(operator: string, key: string, expectedValues: string[], context: ConditionContext): boolean {
  const { base, ifExists } = splitOperator(operator);
  const actual = lookup(context, key);
  if (base === 'Null') {
    // Null: "true" means the key must be absent, "false" that it must be present.
    return expectedValues.some((expected) => (expected.toLowerCase() === 'true') === (actual === undefined));
  }
  const negated = base.includes('Not');
  if (actual === undefined) return ifExists || negated;
  const anyMatch = expectedValues.some((expected) => valueMatches(base, expected, actual));
  return negated ? !anyMatch : anyMatch;
}

function conditionsHold(statement: PolicyStatement, context: ConditionContext): boolean {
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!STRING_OPERATORS.has(splitOperator(operator).base)) return false;
    for (const [key, value] of Object.entries(block)) {
      const expected = asList(value).map((item) => String(item));
      if (!conditionHolds(operator, key, expected, context)) return false;
    }
  }
  return true;
}

/** Evaluates a trust policy for `action` (e.g. sts:AssumeRole) by `caller` with the request's condition keys. */
export function evaluateTrustPolicy(policy: PolicyDocument, action: string, caller: Principal, context: ConditionContext): Decision {
  return trustDecision(policy, action, caller, context).decision;
}

/** The trust decision, and whether an allowing statement names the caller itself rather than its account or `*`. */
function trustDecision(policy: PolicyDocument, action: string, caller: Principal, context: ConditionContext): { decision: Decision; namesCaller: boolean } {
  let allowed = false;
  let named = false;
  for (const statement of asList(policy.Statement)) {
    if (!actionMatches(statement, action) || !principalMatches(statement, caller) || !conditionsHold(statement, context)) continue;
    if (statement.Effect === 'Deny') return { decision: 'explicitDeny', namesCaller: false };
    allowed = true;
    named ||= principalNamesCaller(statement, caller);
  }
  return { decision: allowed ? 'allow' : 'implicitDeny', namesCaller: named };
}

/** Evaluates identity policies (the caller's own: no Principal, a Resource) for `action` on `resource`. */
export function evaluateIdentityPolicies(policies: readonly PolicyDocument[], action: string, resource: string, context: ConditionContext): Decision {
  let allowed = false;
  for (const statement of policies.flatMap((policy) => asList(policy.Statement))) {
    if (!actionMatches(statement, action) || !asList(statement.Resource).some((pattern) => arnMatch(pattern, resource)) || !conditionsHold(statement, context)) continue;
    if (statement.Effect === 'Deny') return 'explicitDeny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicitDeny';
}

export type AssumeRoleDecision = 'allow' | 'deniedByTrust' | 'deniedByIdentity';

/**
 * IAM's decision for sts:AssumeRole: the role's trust policy must allow the caller and no policy may deny it. Across
 * accounts the caller's identity policy must allow it too; in the same account a trust policy that names the caller
 * itself (its user or role ARN, not its account) is enough on its own.
 */
export function evaluateAssumeRole(
  trustPolicy: PolicyDocument,
  identityPolicies: readonly PolicyDocument[],
  roleArn: string,
  caller: Principal,
  context: ConditionContext,
): AssumeRoleDecision {
  const trust = trustDecision(trustPolicy, 'sts:AssumeRole', caller, context);
  const identity = evaluateIdentityPolicies(identityPolicies, 'sts:AssumeRole', roleArn, context);
  if (trust.decision !== 'allow') return 'deniedByTrust';
  if (identity === 'explicitDeny') return 'deniedByIdentity';
  const roleAccount = arnParts(roleArn)?.[4];
  if (roleAccount === caller.account && trust.namesCaller) return 'allow';
  return identity === 'allow' ? 'allow' : 'deniedByIdentity';
}
