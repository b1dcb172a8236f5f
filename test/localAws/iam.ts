// Trust-policy evaluation: the subset of IAM's policy language that role trust policies use.
// Explicit Deny wins over Allow; no matching Allow is an implicit deny, as in IAM.
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

function splitOperator(name: string): { base: string; ifExists: boolean } {
  return name.endsWith('IfExists') ? { base: name.slice(0, -'IfExists'.length), ifExists: true } : { base: name, ifExists: false };
}

/** A message naming what is unsupported or malformed in a trust policy, or undefined when it can be evaluated. */
export function checkTrustPolicy(policy: PolicyDocument): string | undefined {
  const statements = asList(policy.Statement);
  if (statements.length === 0) return 'has no Statement';
  for (const [index, statement] of statements.entries()) {
    const where = `Statement ${statement.Sid ?? index}`;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return `${where}: Effect must be Allow or Deny`;
    if (statement.Principal === undefined) return `${where}: a trust policy statement needs a Principal`;
    if (asList(statement.Action).length === 0) return `${where}: Action is empty`;
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
      if (!STRING_OPERATORS.has(splitOperator(operator).base)) return `${where}: condition operator ${operator} is not supported`;
      if (typeof block !== 'object' || block === null) return `${where}: condition ${operator} must map keys to values`;
    }
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
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(entry);
  if (root) return caller.account === root[1];
  if (/^arn:aws:iam::\d{12}:role\//.test(entry)) return caller.kind === 'assumed-role' && caller.roleArn === entry;
  return caller.arn === entry;
}

function principalMatches(statement: PolicyStatement, caller: Principal): boolean {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return asList(principal.AWS).some((entry) => principalEntryMatches(entry, caller));
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
    case 'ArnEquals':
    case 'ArnNotEquals':
      return expected === actual;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
    case 'ArnLike':
    case 'ArnNotLike':
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
  let allowed = false;
  for (const statement of asList(policy.Statement)) {
    if (!actionMatches(statement, action) || !principalMatches(statement, caller) || !conditionsHold(statement, context)) continue;
    if (statement.Effect === 'Deny') return 'explicitDeny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicitDeny';
}
