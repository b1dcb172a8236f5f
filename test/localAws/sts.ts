// STS, query protocol (Version=2011-06-15): AssumeRole and GetCallerIdentity with AWS's XML, validation
// messages, trust- and identity-policy decisions, MFA checks and the role-chaining cap.
import { evaluateAssumeRole, type ConditionContext } from './iam';
import type { IdentityStore, RoleSession } from './identities';
import { verifyTotp } from './totp';
import type { AuthContext, Clock, Principal, SeenSecret, UserConfig } from './types';
import { element, STS_NAMESPACE, stsErrorXml } from './xml';

export const STS_VERSION = '2011-06-15';
const DEFAULT_DURATION = 3600;
const CHAINED_MAX_DURATION = 3600;
export const ROLE_CHAINING_MESSAGE = 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
export const MAX_SESSION_DURATION_MESSAGE = 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.';

export interface StsResult {
  status: number;
  body: string;
  operation: string;
  errorCode?: string;
}

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Renders an STS error document (also used by the server for authentication failures and throttling). */
export function stsErrorResult(operation: string, status: number, code: string, message: string, requestId: string): StsResult {
  return { status, body: stsErrorXml(code, message, requestId), operation, errorCode: code };
}

/** One failed constraint in AWS's wording; `value` is omitted for secrets so they never appear in a message. */
interface Violation {
  field: string;
  value: string | null | undefined;
  constraint: string;
}

function describe(violation: Violation): string {
  const shown = violation.value === undefined ? 'Value' : violation.value === null ? 'Value null' : `Value '${violation.value}'`;
  return `${shown} at '${violation.field}' failed to satisfy constraint: ${violation.constraint}`;
}

function validationMessage(violations: Violation[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.map(describe).join('; ')}`;
}

function checkString(
  violations: Violation[],
  field: string,
  raw: string | null,
  rules: { min: number; max: number; pattern?: RegExp; patternText?: string; required: boolean; secret?: boolean },
): void {
  if (raw === null) {
    if (rules.required) violations.push({ field, value: null, constraint: 'Member must not be null' });
    return;
  }
  const shown = rules.secret ? undefined : raw;
  if (raw.length < rules.min) violations.push({ field, value: shown, constraint: `Member must have length greater than or equal to ${rules.min}` });
  if (raw.length > rules.max) violations.push({ field, value: shown, constraint: `Member must have length less than or equal to ${rules.max}` });
  if (rules.pattern && !rules.pattern.test(raw)) {
    violations.push({ field, value: shown, constraint: `Member must satisfy regular expression pattern: ${rules.patternText}` });
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class StsService {
  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
    private readonly recordSecret: (secret: SeenSecret) => void,
  ) {}

  handle(params: URLSearchParams, auth: AuthContext, requestId: string): StsResult {
    const action = params.get('Action');
    const operation = action ?? 'Unknown';
    try {
      if (action === null) throw new StsError(400, 'MissingAction', 'Missing Action');
      if (params.get('Version') !== STS_VERSION || (action !== 'AssumeRole' && action !== 'GetCallerIdentity')) {
        throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
      }
      const body = action === 'AssumeRole' ? this.assumeRole(params, auth) : this.getCallerIdentity(auth.principal);
      return { status: 200, operation, body: this.wrap(action, body, requestId) };
    } catch (error) {
      if (error instanceof StsError) return stsErrorResult(operation, error.status, error.code, error.message, requestId);
      throw error;
    }
  }

  private wrap(action: string, result: string, requestId: string): string {
    return (
      `<${action}Response xmlns="${STS_NAMESPACE}">\n` +
      `  <${action}Result>${result}</${action}Result>\n` +
      `  <ResponseMetadata>${element('RequestId', requestId)}</ResponseMetadata>\n` +
      `</${action}Response>\n`
    );
  }

  private getCallerIdentity(caller: Principal): string {
    return element('Arn', caller.arn) + element('UserId', caller.userId) + element('Account', caller.account);
  }

  private assumeRole(params: URLSearchParams, auth: AuthContext): string {
    const caller = auth.principal;
    const roleArn = params.get('RoleArn');
    const sessionName = params.get('RoleSessionName');
    const durationText = params.get('DurationSeconds');
    const externalId = params.get('ExternalId');
    const serialNumber = params.get('SerialNumber');
    const tokenCode = params.get('TokenCode');
    // Whatever a caller sends as a secret is recorded, valid or not, so the secret scan also covers typos.
    if (externalId !== null) this.recordSecret({ kind: 'externalId', value: externalId });
    if (tokenCode !== null) this.recordSecret({ kind: 'mfaCode', value: tokenCode });

    const violations: Violation[] = [];
    checkString(violations, 'roleArn', roleArn, { min: 20, max: 2048, required: true });
    checkString(violations, 'roleSessionName', sessionName, { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*', required: true });
    let duration = DEFAULT_DURATION;
    if (durationText !== null) {
      duration = Number(durationText);
      if (!/^-?\d+$/.test(durationText)) violations.push({ field: 'durationSeconds', value: durationText, constraint: 'Member must be an integer' });
      else if (duration < 900) violations.push({ field: 'durationSeconds', value: durationText, constraint: 'Member must have value greater than or equal to 900' });
      else if (duration > 43200) violations.push({ field: 'durationSeconds', value: durationText, constraint: 'Member must have value less than or equal to 43200' });
    }
    checkString(violations, 'externalId', externalId, { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*', required: false, secret: true });
    checkString(violations, 'serialNumber', serialNumber, { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*', required: false });
    checkString(violations, 'tokenCode', tokenCode, { min: 6, max: 6, pattern: /^\d*$/, patternText: '[\\d]*', required: false, secret: true });
    if (violations.length > 0 || roleArn === null || sessionName === null) throw new StsError(400, 'ValidationError', validationMessage(violations));

    const mfaNow = this.checkMfa(auth, serialNumber, tokenCode);
    const denied = new StsError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const role = this.store.role(roleArn);
    if (!role) throw denied;
    const context: ConditionContext = {
      'sts:ExternalId': externalId ?? undefined,
      'sts:RoleSessionName': sessionName,
      // Long-term credentials without MFA carry no MFA key at all; sessions carry true or false.
      'aws:MultiFactorAuthPresent': mfaNow || caller.mfaPresent ? 'true' : caller.kind === 'user' ? undefined : 'false',
      'aws:PrincipalArn': caller.roleArn ?? caller.arn,
      'aws:PrincipalAccount': caller.account,
      'aws:PrincipalType': caller.kind === 'user' ? 'User' : 'AssumedRole',
    };
    const decision = evaluateAssumeRole(role.trustPolicy, caller.grantsFrom.identityPolicies ?? [], role.arn, caller, context);
    if (decision === 'deniedByTrust') throw denied;
    if (decision === 'deniedByIdentity') {
      throw new StsError(403, 'AccessDenied', `${denied.message} because no identity-based policy allows the sts:AssumeRole action`);
    }

    const chained = caller.kind === 'assumed-role';
    if (chained && duration > CHAINED_MAX_DURATION) throw new StsError(400, 'ValidationError', ROLE_CHAINING_MESSAGE);
    if (duration > (role.maxSessionDuration ?? DEFAULT_DURATION)) throw new StsError(400, 'ValidationError', MAX_SESSION_DURATION_MESSAGE);

    const session = this.store.issueSession(role, sessionName, duration, mfaNow || caller.mfaPresent, this.sourceUser(auth));
    this.recordSecret({ kind: 'secretAccessKey', value: session.secretAccessKey });
    this.recordSecret({ kind: 'sessionToken', value: session.sessionToken });
    return this.assumeRoleResult(session);
  }

  private assumeRoleResult(session: RoleSession): string {
    return (
      '<Credentials>' +
      element('AccessKeyId', session.accessKeyId) +
      element('SecretAccessKey', session.secretAccessKey) +
      element('SessionToken', session.sessionToken) +
      element('Expiration', isoSeconds(session.expiration)) +
      '</Credentials>' +
      `<AssumedRoleUser>${element('AssumedRoleId', session.principal.userId)}${element('Arn', session.principal.arn)}</AssumedRoleUser>`
    );
  }

  /** The IAM user a principal traces back to (its MFA device is the one a later hop may present). */
  private sourceUser(auth: AuthContext): UserConfig | undefined {
    const found = this.store.lookup(auth.accessKeyId);
    if (!found) throw new Error('The caller authenticated with a key the store no longer knows.');
    return found.kind === 'user' ? found.user : found.session.sourceUser;
  }

  /** Validates SerialNumber + TokenCode against the caller's virtual MFA device; true when a valid code was given. */
  private checkMfa(auth: AuthContext, serialNumber: string | null, tokenCode: string | null): boolean {
    if (serialNumber === null && tokenCode === null) return false;
    if (serialNumber === null || tokenCode === null) {
      throw new StsError(403, 'AccessDenied', 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.');
    }
    const device = this.sourceUser(auth)?.mfa;
    if (!device || device.serial !== serialNumber) throw new StsError(403, 'AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code.');
    if (!verifyTotp(device.seedBase32, tokenCode, this.clock.now())) {
      throw new StsError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    }
    return true;
  }
}
