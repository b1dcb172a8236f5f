// Runs a role chain: base credentials → AssumeRole step 1 → AssumeRole step 2 with step 1's session → …
// Everything that can be checked locally is checked before the first request, and every prompted answer
// before the request that carries it. Cancelling at a prompt sends nothing more and returns nothing.
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { DEFAULT_DURATION_SECONDS, stepRegion, type ChainConfig, type StepConfig } from '../chain';
import { validateChain } from '../chainParser';
import { systemClock, type Clock } from '../clock';
import type { Endpoints } from '../endpoints';
import { chainingCapError, stepError, stepLabel, type StepContext } from '../errorMessages';
import { CancelledError, RoleChainError } from '../errors';
import { earliestExpiry, type Session, type StepSession } from '../session';
import { DEFAULT_SESSION_NAME_TEMPLATE, currentUserName, renderSessionName } from '../sessionName';
import { sleep } from '../sleep';
import {
  CHAINED_MAX_DURATION_SECONDS,
  parseRoleArn,
  validateCredentialEndpointUrl,
  validateExternalId,
  validateMfaCode,
  validateSessionName,
} from '../validation';
import { defaultBaseCredentials, resolveBaseCredentials, type BaseCredentialsProvider } from './baseCredentials';
import type { AwsConfigFiles } from '../awsProfiles';
import { loadAwsConfigFiles, type AwsConfigFileOptions } from './awsConfigFiles';
import { checkBaseSessionCap, sourceProfileIsRoleSession } from './baseSessionCap';
import { DEFAULT_MAX_ATTEMPTS, createSsoClients, createStsClient } from './clients';
import { ssoRoleCredentials, type SsoPrompts, type SsoRoleCredentials, type SsoSignInDeps, type SsoTokenStoreLike } from './ssoSignIn';
import { ssoTarget, ssoTargetNeedsFiles, type SsoTarget } from './ssoTarget';

export type { Endpoints } from '../endpoints';

export interface PromptContext {
  chainName: string;
  stepIndex: number; // 0-based
  stepCount: number;
  roleArn: string;
  roleName: string;
  account: string;
  mfaSerial?: string;
}

/** Each prompt resolves to the answer, or undefined when the person cancelled. */
export interface ChainPrompts {
  externalId(ctx: PromptContext): Promise<string | undefined>;
  mfaCode(ctx: PromptContext): Promise<string | undefined>;
}

export interface StepEvent {
  stepIndex: number;
  stepCount: number;
  phase: 'prompting' | 'assuming' | 'done';
  assumedRoleArn?: string;
}

export interface RunChainOptions {
  prompts: ChainPrompts;
  endpoints?: Endpoints;
  clock?: Clock;
  signal?: AbortSignal;
  sessionNameTemplate?: string;
  /** Default: fromIni({ profile }) when the chain has a sourceProfile, else the default provider chain. */
  baseCredentials?: BaseCredentialsProvider;
  onStep?: (e: StepEvent) => void;
  /** SDK attempts per request (retries throttling), default 3. */
  maxAttempts?: number;
  /**
   * True when the base credentials are known to be a role session (an SSO, credential_source or role profile: see
   * isRoleSessionProfile), so step 1 is role chaining and capped at 1 hour before anything is sent. Otherwise base
   * credentials with a session token are asked who they are when step 1 wants more than an hour.
   */
  baseIsRoleSession?: boolean;
  /**
   * Identity Center sign-in, for a chain whose base is Identity Center (`sso`, or an SSO sourceProfile): where its
   * tokens are kept and how the person is shown the code and asked for an account or role. Without it such a chain
   * stops before sending anything.
   */
  sso?: {
    tokens: SsoTokenStoreLike;
    prompts: SsoPrompts;
    /** False for background refreshes: no sign-in is started (default true). */
    interactive?: boolean;
    onPhase?: SsoSignInDeps['onPhase'];
    /** Waits between CreateToken polls (tests shorten it); default a timer that the signal cuts short. */
    sleep?: SsoSignInDeps['sleep'];
  };
  /** The shared AWS files to read the base profile or sso-session from (tests); default the SDK's locations. */
  configFiles?: AwsConfigFileOptions;
}

/** The endpoint named in network errors: the override, or AWS's regional STS endpoint. */
export function stsEndpointLabel(region: string, endpoint?: string): string {
  return endpoint ?? `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

function checkBeforeAnyRequest(chain: ChainConfig, opts: RunChainOptions): void {
  const stepCount = chain.steps.length;
  // The chaining cap gets its own kind and wording: it is the mistake people make most with chains.
  chain.steps.forEach((step, stepIndex) => {
    const requested = step.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    const chained = stepIndex > 0 || opts.baseIsRoleSession === true;
    if (chained && requested > CHAINED_MAX_DURATION_SECONDS) {
      throw chainingCapError({ chainName: chain.name, stepIndex, stepCount, roleArn: step.roleArn, requestedDurationSeconds: requested, baseIsRoleSession: opts.baseIsRoleSession });
    }
  });
  const problems = validateChain(chain);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new RoleChainError('validation', `${first.message}${more}`, { chainName: chain.name, stepIndex: first.step === undefined ? undefined : first.step - 1, stepCount });
  }
  for (const key of ['sts', 'sso'] as const) {
    const url = opts.endpoints?.[key];
    const m = url === undefined || url === '' ? undefined : validateCredentialEndpointUrl(url);
    if (m) throw new RoleChainError('validation', `roleChains.endpoints.${key}: ${m}`, { chainName: chain.name });
  }
}

/** The shared files, read once and only when the base depends on them; unreadable files read as none. */
async function baseFiles(chain: ChainConfig, opts: RunChainOptions): Promise<AwsConfigFiles | undefined> {
  if (opts.baseCredentials !== undefined || !ssoTargetNeedsFiles(chain)) return undefined;
  try {
    return (await loadAwsConfigFiles(opts.configFiles)).files;
  } catch {
    return undefined;
  }
}

function ssoBase(chain: ChainConfig, files: AwsConfigFiles | undefined): SsoTarget | undefined {
  const target = ssoTarget(chain, files);
  if (!target && chain.sso) {
    throw new RoleChainError('validation', `Chain "${chain.name}": the sso base needs a session, or a startUrl and region, and the AWS config file must be readable for a session.`, {
      chainName: chain.name,
    });
  }
  return target;
}

async function ssoBaseCredentials(chain: ChainConfig, target: SsoTarget, opts: RunChainOptions, clock: Clock, maxAttempts: number): Promise<SsoRoleCredentials> {
  const sign = opts.sso;
  if (!sign) {
    throw new RoleChainError('validation', `Chain "${chain.name}" starts from IAM Identity Center, which this caller cannot sign in to.`, { chainName: chain.name });
  }
  const endpoint = opts.endpoints?.sso || undefined;
  const { oidc, portal } = createSsoClients({ region: target.region, endpoint, maxAttempts });
  try {
    return await ssoRoleCredentials({ ...target, endpoint }, chain.name, {
      tokens: sign.tokens,
      prompts: sign.prompts,
      interactive: sign.interactive,
      onPhase: sign.onPhase,
      oidc,
      portal,
      clock,
      sleep: sign.sleep ?? sleep,
      signal: opts.signal,
    });
  } finally {
    oidc.destroy();
    portal.destroy();
  }
}

function throwIfAborted(signal: AbortSignal | undefined, ctx: StepContext): void {
  if (signal?.aborted) throw new CancelledError(`${stepLabel(ctx)} was cancelled.`, { chainName: ctx.chainName, stepIndex: ctx.stepIndex, stepCount: ctx.stepCount, roleArn: ctx.roleArn });
}

/** Waits for a prompt, but gives up as soon as the signal fires (the UI closes its box on the same signal). */
function answer(prompt: Promise<string | undefined>, signal: AbortSignal | undefined): Promise<string | undefined> {
  if (!signal) return prompt;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    prompt.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

interface StepAnswers {
  externalId?: string;
  tokenCode?: string;
}

async function askStep(step: StepConfig, ctx: StepContext, pctx: PromptContext, opts: RunChainOptions): Promise<StepAnswers> {
  const cancelled = (what: string): CancelledError =>
    new CancelledError(`${stepLabel(ctx)}: ${what} prompt cancelled; nothing was stored.`, { chainName: ctx.chainName, stepIndex: ctx.stepIndex, stepCount: ctx.stepCount, roleArn: ctx.roleArn });
  const invalid = (what: string, message: string): RoleChainError =>
    new RoleChainError('validation', `${stepLabel(ctx)} ${what}: ${message}`, { chainName: ctx.chainName, stepIndex: ctx.stepIndex, stepCount: ctx.stepCount, roleArn: ctx.roleArn, hint: message });

  const answers: StepAnswers = {};
  if (step.externalId === 'prompt') {
    throwIfAborted(opts.signal, ctx);
    const value = await answer(opts.prompts.externalId(pctx), opts.signal);
    if (value === undefined) throw cancelled('ExternalId');
    const m = validateExternalId(value);
    if (m) throw invalid('ExternalId', m);
    answers.externalId = value;
  }
  if (step.mfaSerial) {
    throwIfAborted(opts.signal, ctx);
    const value = await answer(opts.prompts.mfaCode(pctx), opts.signal);
    if (value === undefined) throw cancelled('MFA code');
    const code = value.trim();
    const m = validateMfaCode(code);
    if (m) throw invalid('MFA code', m);
    answers.tokenCode = code;
  }
  return answers;
}

export async function runChain(chain: ChainConfig, opts: RunChainOptions): Promise<Session> {
  const clock = opts.clock ?? systemClock;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const endpoint = opts.endpoints?.sts || undefined;
  const stepCount = chain.steps.length;
  const files = await baseFiles(chain, opts);
  const sso = opts.baseCredentials === undefined ? ssoBase(chain, files) : undefined;
  // A role profile as the base (SSO, credential_source, role_arn) makes step 1 role chaining: say so before anything is sent.
  const baseIsRoleSession = opts.baseIsRoleSession ?? (sso !== undefined || sourceProfileIsRoleSession(chain, files));
  checkBeforeAnyRequest(chain, { ...opts, baseIsRoleSession });
  if (opts.signal?.aborted) throw new CancelledError(`Running chain "${chain.name}" was cancelled.`, { chainName: chain.name, stepCount });

  const fromSso = sso ? await ssoBaseCredentials(chain, sso, opts, clock, maxAttempts) : undefined;
  const base = fromSso?.credentials ?? (await resolveBaseCredentials(opts.baseCredentials ?? defaultBaseCredentials(chain), chain));
  if (base.expiration && base.expiration.getTime() <= clock.now()) {
    const hint = `Refresh ${chain.sourceProfile ? `profile "${chain.sourceProfile}"` : 'your default AWS credentials'} (e.g. \`aws sso login\`) and run the chain again.`;
    throw new RoleChainError('expired-credentials', `The base credentials of chain "${chain.name}" have expired. ${hint}`, { chainName: chain.name, stepIndex: 0, stepCount, hint });
  }

  let credentials: AwsCredentialIdentity = { accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey, sessionToken: base.sessionToken };
  await checkBaseSessionCap(chain, credentials, { endpoint, maxAttempts, signal: opts.signal });
  const template = opts.sessionNameTemplate || DEFAULT_SESSION_NAME_TEMPLATE;
  const user = currentUserName();
  const steps: StepSession[] = [];

  for (const [stepIndex, step] of chain.steps.entries()) {
    // validateChain above guarantees a well-formed ARN.
    const arn = parseRoleArn(step.roleArn) ?? { account: '', name: step.roleArn, path: '/', partition: 'aws' };
    const region = stepRegion(chain, step);
    const requestedDurationSeconds = step.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    const ctx: StepContext = {
      chainName: chain.name,
      stepIndex,
      stepCount,
      roleArn: step.roleArn,
      region,
      endpoint: stsEndpointLabel(region, endpoint),
      usedExternalId: step.externalId === 'prompt',
      usedMfa: step.mfaSerial !== undefined,
      requestedDurationSeconds,
      sourceProfile: chain.sourceProfile,
      ssoBase: fromSso && `permission set ${fromSso.roleName} in account ${fromSso.accountId}`,
      maxAttempts,
    };
    const pctx: PromptContext = { chainName: chain.name, stepIndex, stepCount, roleArn: step.roleArn, roleName: arn.name, account: arn.account, mfaSerial: step.mfaSerial };

    if (ctx.usedExternalId || ctx.usedMfa) opts.onStep?.({ stepIndex, stepCount, phase: 'prompting' });
    const answers = await askStep(step, ctx, pctx, opts);

    const sessionName = step.sessionName ?? renderSessionName(template, { chain: chain.name, step: stepIndex + 1, user, time: clock.now() });
    const nameProblem = validateSessionName(sessionName);
    if (nameProblem) throw new RoleChainError('validation', `${stepLabel(ctx)} session name: ${nameProblem} Fix roleChains.sessionNameTemplate.`, { chainName: chain.name, stepIndex, stepCount, roleArn: step.roleArn });

    throwIfAborted(opts.signal, ctx);
    opts.onStep?.({ stepIndex, stepCount, phase: 'assuming' });
    const client = createStsClient({ credentials, region, endpoint, maxAttempts });
    let result: StepSession;
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: step.roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: requestedDurationSeconds,
          ExternalId: answers.externalId,
          SerialNumber: answers.tokenCode === undefined ? undefined : step.mfaSerial,
          TokenCode: answers.tokenCode,
        }),
        { abortSignal: opts.signal },
      );
      const c = out.Credentials;
      const assumed = out.AssumedRoleUser;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration || !assumed?.Arn || !assumed.AssumedRoleId) {
        throw new RoleChainError('aws', `${stepLabel(ctx)} failed: STS answered without credentials. Check the STS endpoint and run the chain again.`, {
          chainName: chain.name,
          stepIndex,
          stepCount,
          roleArn: step.roleArn,
        });
      }
      const expiresAt = c.Expiration.getTime();
      const account = /^arn:[^:]+:sts::(\d{12}):/.exec(assumed.Arn)?.[1] ?? arn.account;
      result = {
        index: stepIndex,
        roleArn: step.roleArn,
        assumedRoleArn: assumed.Arn,
        assumedRoleId: assumed.AssumedRoleId,
        account,
        sessionName,
        requestedDurationSeconds,
        expiresAt,
        region,
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: expiresAt },
      };
    } catch (e) {
      const known = [answers.externalId, answers.tokenCode, credentials.secretAccessKey, credentials.sessionToken];
      throw stepError(e, ctx, known.filter((v): v is string => v !== undefined));
    } finally {
      client.destroy();
    }
    steps.push(result);
    credentials = { accessKeyId: result.credentials.accessKeyId, secretAccessKey: result.credentials.secretAccessKey, sessionToken: result.credentials.sessionToken };
    opts.onStep?.({ stepIndex, stepCount, phase: 'done', assumedRoleArn: result.assumedRoleArn });
  }

  return { chainName: chain.name, createdAt: clock.now(), expiresAt: earliestExpiry(steps), steps };
}
