// The sentences people see for a failure: what failed, why, what to do. A failed AssumeRole step becomes a
// RoleChainError naming the step, the role and AWS's reason (stepError); anything else reaching a command's error
// boundary becomes one sentence (toUserMessage). Both start from errors.ts's classification and are always redacted.
import { CancelledError, RoleChainError, classifyAwsError, isRoleChainError } from './errors';
import { redact } from './redact';

/** The longest session AWS grants a role assumed with another role's session. */
export const CHAINING_CAP_SECONDS = 3600;

export interface StepContext {
  chainName: string;
  stepIndex: number; // 0-based
  stepCount: number;
  roleArn: string;
  region: string;
  /** The STS endpoint the step talks to, for network messages. */
  endpoint: string;
  usedExternalId: boolean;
  usedMfa: boolean;
  requestedDurationSeconds: number;
  /** The chain's sourceProfile, named in advice about base credentials. */
  sourceProfile?: string;
  /** Set when the base is IAM Identity Center: how advice names it (e.g. `permission set Dev in account 111111111111`). */
  ssoBase?: string;
  /** SDK attempts per request, named in throttling advice. */
  maxAttempts?: number;
}

/** `role/Deployer in 333333333333` from `arn:aws:iam::333333333333:role/Deployer`. */
export function roleLabel(roleArn: string): string {
  const m = /^arn:[^:]*:iam::(\d{12}):(role\/.+)$/.exec(roleArn);
  return m ? `${m[2]} in ${m[1]}` : roleArn;
}

export function stepLabel(ctx: Pick<StepContext, 'stepIndex' | 'stepCount' | 'roleArn'>): string {
  return `Step ${ctx.stepIndex + 1}/${ctx.stepCount} (${roleLabel(ctx.roleArn)})`;
}

function baseCredentialsName(ctx: StepContext): string {
  if (ctx.ssoBase) return `the IAM Identity Center ${ctx.ssoBase}`;
  return ctx.sourceProfile ? `the credentials of profile "${ctx.sourceProfile}"` : 'your default AWS credentials';
}

function deniedHint(ctx: StepContext, awsMessage: string): string {
  if (ctx.usedMfa && /MultiFactorAuthentication/i.test(awsMessage)) {
    return "The MFA code was not accepted: enter the code your device shows now (it changes every 30 s) and check the step's mfaSerial.";
  }
  const checks: string[] = [];
  if (ctx.usedExternalId) checks.push('the ExternalId you typed');
  if (ctx.usedMfa) checks.push('the MFA code (it changes every 30 s)');
  const caller = ctx.stepIndex === 0 ? `${baseCredentialsName(ctx)}` : 'the previous step';
  const trust = `that the role's trust policy allows ${caller}`;
  return checks.length ? `Check ${checks.join(' and ')} and ${trust}.` : `Check ${trust} to call sts:AssumeRole.`;
}

/** The message for a chained step asking for more than the role-chaining cap (used before any request, too). */
export function chainingCapError(
  ctx: Pick<StepContext, 'chainName' | 'stepIndex' | 'stepCount' | 'roleArn' | 'requestedDurationSeconds'> & { baseIsRoleSession?: boolean },
  cause?: unknown,
): RoleChainError {
  const hint = `set durationSeconds ≤ ${CHAINING_CAP_SECONDS}.`;
  const why = ctx.stepIndex === 0 && ctx.baseIsRoleSession ? ' (the base credentials are a role session, so step 1 is role chaining too)' : '';
  return new RoleChainError(
    'chaining-cap',
    `Step ${ctx.stepIndex + 1}/${ctx.stepCount} asks for ${ctx.requestedDurationSeconds} s but chained role sessions last at most ${CHAINING_CAP_SECONDS} s${why}: ${hint}`,
    { chainName: ctx.chainName, stepIndex: ctx.stepIndex, stepCount: ctx.stepCount, roleArn: ctx.roleArn, awsCode: cause ? 'ValidationError' : undefined, hint, cause },
  );
}

/**
 * Maps an error thrown while assuming one step's role to a RoleChainError naming the step, role and reason.
 * `knownSecrets` (the answers and keys of this request) are masked wherever AWS's text might echo them.
 */
export function stepError(e: unknown, ctx: StepContext, knownSecrets: Iterable<string> = []): RoleChainError {
  const known = [...knownSecrets];
  if (isRoleChainError(e)) return e;
  const info = classifyAwsError(e);
  const label = stepLabel(ctx);
  const details = { chainName: ctx.chainName, stepIndex: ctx.stepIndex, stepCount: ctx.stepCount, roleArn: ctx.roleArn, awsCode: info.code, cause: e };
  const make = (message: string, hint?: string): RoleChainError =>
    new RoleChainError(info.kind, redact(hint ? `${message} ${hint}` : message, known), { ...details, hint });

  switch (info.kind) {
    case 'cancelled':
      return new CancelledError(`${label} was cancelled.`, details);
    case 'access-denied':
      return make(`${label} was denied: ${info.code}.`, deniedHint(ctx, info.awsMessage));
    case 'chaining-cap':
      // Step 1 only meets the cap when its base credentials are a role session.
      return chainingCapError({ ...ctx, baseIsRoleSession: ctx.stepIndex === 0 }, e);
    case 'expired-credentials':
      return ctx.stepIndex === 0
        ? make(
            `${label} failed: the base credentials have expired (${info.code}).`,
            ctx.ssoBase
              ? 'Run the chain again: it gets new role credentials from IAM Identity Center.'
              : `Refresh ${baseCredentialsName(ctx)} (e.g. \`aws sso login${ctx.sourceProfile ? ` --profile ${ctx.sourceProfile}` : ''}\`) and run the chain again.`,
          )
        : make(`${label} failed: the previous step's session has expired (${info.code}).`, 'Run the chain again.');
    case 'invalid-credentials':
      if (info.clockSkew) {
        return make(`${label} failed: the request time was rejected (${info.code}).`, "Check that this computer's clock is correct, then run the chain again.");
      }
      return ctx.stepIndex === 0
        ? make(
            `${label} failed: AWS rejected the base credentials (${info.code}).`,
            `Check ${baseCredentialsName(ctx)}: the access key may be deleted or its secret mistyped.`,
          )
        : make(`${label} failed: AWS rejected the previous step's session (${info.code}).`, 'Run the chain again.');
    case 'throttled':
      return make(
        `${label} was throttled by STS (${info.code})${ctx.maxAttempts ? ` after ${ctx.maxAttempts} attempts` : ''}.`,
        'Wait a minute and run the chain again.',
      );
    case 'network': {
      const hint = 'Check your network and the roleChains.endpoints.sts setting, then run the chain again.';
      return new RoleChainError('network', redact(`Could not reach the STS endpoint ${ctx.endpoint}: ${info.networkReason ?? info.code}. ${hint}`, known), {
        ...details,
        hint,
        endpoint: ctx.endpoint,
      });
    }
    case 'validation':
      return make(`${label} was rejected by STS: ${info.awsMessage}`, 'Fix the step in roleChains.chains and run the chain again.');
    case 'no-credentials':
      return make(`${label} found no base credentials: ${info.awsMessage}`);
    default:
      if (info.code === 'RegionDisabledException') {
        return make(`${label} failed: STS is not activated in ${ctx.region} for this account.`, "Activate the region in IAM's account settings or set the step's region.");
      }
      return make(`${label} failed: ${info.code}: ${info.awsMessage}`);
  }
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** One sentence for a notification: what failed, why, what to do. Always redacted. */
export function toUserMessage(e: unknown): string {
  if (isRoleChainError(e)) return redact(sentence(e.message));
  const info = classifyAwsError(e);
  switch (info.kind) {
    case 'cancelled':
      return 'Cancelled.';
    case 'access-denied':
      return redact(sentence(`AWS denied the request (${info.code}): ${info.awsMessage}`));
    case 'expired-credentials':
      return `The session has expired (${info.code}): run the chain again.`;
    case 'invalid-credentials':
      return info.clockSkew
        ? `AWS rejected the request time (${info.code}): check that this computer's clock is correct.`
        : `AWS rejected the credentials (${info.code}): run the chain again or check the base credentials.`;
    case 'throttled':
      return `AWS throttled the request (${info.code}): wait a minute and try again.`;
    case 'network':
      return `Could not reach AWS: ${info.networkReason ?? info.code}. Check your network and the roleChains.endpoints settings.`;
    case 'no-credentials':
      return redact(sentence(`No AWS credentials found: ${info.awsMessage}`));
    default: {
      const what = info.code && info.code !== 'Error' ? `${info.code}: ` : '';
      return redact(sentence(`${what}${info.awsMessage}`));
    }
  }
}
