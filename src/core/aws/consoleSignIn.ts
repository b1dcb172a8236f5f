// Console sign-in for any step's session, through the AWS federation endpoint: getSigninToken with the step's
// temporary credentials, then the login URL that opens the console as that role. A chained step's console session
// cannot outlive the role session it comes from, so SessionDuration is only ever sent for a first-step session.
// The Session parameter and the SigninToken are credentials: no message, error or description here holds them.
import { systemClock, type Clock } from '../clock';
import { roleLabel } from '../errorMessages';
import { RoleChainError, classifyAwsError } from '../errors';
import { redact } from '../redact';
import { isExpired, type Session, type StepSession } from '../session';
import { CHAINED_MAX_DURATION_SECONDS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, validateCredentialEndpointUrl } from '../validation';

export const DEFAULT_FEDERATION_ENDPOINT = 'https://signin.aws.amazon.com';
/** AWS sign-in tokens (and so the login URL) are valid for 15 minutes. */
export const SIGNIN_LINK_TTL_MS = 15 * 60_000;
const DEFAULT_TIMEOUT_MS = 15_000;

/** Federation endpoint and console host per partition; other partitions need roleChains.endpoints-style configuration. */
const PARTITIONS: Record<string, { signin: string; console: string }> = {
  aws: { signin: DEFAULT_FEDERATION_ENDPOINT, console: 'https://console.aws.amazon.com' },
  'aws-us-gov': { signin: 'https://signin.amazonaws-us-gov.com', console: 'https://console.amazonaws-us-gov.com' },
  'aws-cn': { signin: 'https://signin.amazonaws.cn', console: 'https://console.amazonaws.cn' },
};

export interface ConsoleSignInOptions {
  /** Base URL of the federation endpoint ("/federation" is appended). Default: AWS's for the role's partition. */
  federationEndpoint?: string;
  /** The console page to open. Default: the console home of the step's region. */
  destination?: string;
  /** Where the console sends the person when the session ends (AWS's Issuer parameter). */
  issuer?: string;
  /** Console session length (900–43200 s); only for a first-step session, never for a chained one. */
  sessionDurationSeconds?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ConsoleSignIn {
  /** The login URL: it holds a sign-in token, so open it but never log or store it. */
  url: string;
  stepIndex: number;
  roleArn: string;
  /** After this the link no longer signs in. */
  linkExpiresAt: number;
  /** The latest the console session can last, when known: a chained step's session expiry, or now + SessionDuration. */
  consoleSessionEndsAt?: number;
  /** A line safe for the log: endpoint, step and destination, no token. */
  description: string;
}

function partitionOf(step: StepSession): string {
  return /^arn:([^:]+):/.exec(step.assumedRoleArn)?.[1] ?? /^arn:([^:]+):/.exec(step.roleArn)?.[1] ?? 'aws';
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Builds the sign-in URL for one step (0-based) of a signed-in session. Nothing is sent when the input is wrong. */
export async function consoleSignInUrl(session: Session, stepIndex: number, opts: ConsoleSignInOptions = {}): Promise<ConsoleSignIn> {
  const clock = opts.clock ?? systemClock;
  const step = session.steps[stepIndex];
  const stepCount = session.steps.length;
  const details = { chainName: session.chainName, stepIndex, stepCount, roleArn: step?.roleArn };
  const invalid = (message: string): RoleChainError => new RoleChainError('validation', message, details);
  if (!step) throw invalid(`Chain "${session.chainName}" has no step ${stepIndex + 1}: pick one of its ${stepCount} steps.`);
  const label = `Console sign-in for step ${stepIndex + 1}/${stepCount} (${roleLabel(step.roleArn)}) of chain "${session.chainName}"`;

  // A console session needs a little life left in the credentials it is made from.
  const now = clock.now();
  if (isExpired(session, now) || step.expiresAt <= now + 60_000) {
    throw new RoleChainError('expired-credentials', `${label}: the session has expired. Run the chain again.`, details);
  }

  const chained = stepIndex > 0;
  const duration = opts.sessionDurationSeconds;
  if (duration !== undefined) {
    if (chained) {
      throw invalid(
        `${label}: a console session duration cannot be set for a chained step; its console session ends with the role session (at most ${CHAINED_MAX_DURATION_SECONDS / 3600} h).`,
      );
    }
    if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS) {
      throw invalid(`${label}: the console session duration must be ${MIN_DURATION_SECONDS}–${MAX_DURATION_SECONDS} seconds; got ${duration}.`);
    }
  }

  const partition = PARTITIONS[partitionOf(step)];
  const base = opts.federationEndpoint || partition?.signin;
  if (!base) throw invalid(`${label}: there is no default sign-in endpoint for partition ${partitionOf(step)}; configure the federation endpoint.`);
  const endpointProblem = validateCredentialEndpointUrl(base);
  if (endpointProblem) throw invalid(`${label}: federation endpoint: ${endpointProblem}`);
  const destination = opts.destination ?? `${partition?.console ?? 'https://console.aws.amazon.com'}/console/home?region=${encodeURIComponent(step.region)}`;
  try {
    const d = new URL(destination);
    if (d.protocol !== 'https:' && d.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw invalid(`${label}: the console destination must be an http(s) URL.`);
  }
  const federation = `${trimSlash(base)}/federation`;

  const credentials = step.credentials;
  const secrets = [credentials.secretAccessKey, credentials.sessionToken];
  const query = new URLSearchParams({ Action: 'getSigninToken' });
  if (duration !== undefined) query.set('SessionDuration', String(duration));
  query.set('Session', JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken }));

  const doFetch = opts.fetch ?? fetch;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(`${federation}?${query.toString()}`, { method: 'GET', redirect: 'manual', signal, headers: { accept: 'application/json' } });
    text = await response.text();
  } catch (e) {
    if (opts.signal?.aborted) throw new RoleChainError('cancelled', `${label} was cancelled.`, details);
    const info = classifyAwsError(e);
    const reason = timeout.aborted ? 'no answer in time' : (info.networkReason ?? info.code);
    // The cause is not attached: a fetch error may carry the request URL, which holds the credentials.
    throw new RoleChainError('network', `${label}: could not reach the federation endpoint ${trimSlash(base)}: ${reason}. Check your network and the endpoint setting.`, {
      ...details,
      endpoint: trimSlash(base),
    });
  }

  if (response.status !== 200) {
    const why =
      response.status === 400
        ? chained
          ? 'it rejected the request (400); a chained session is only accepted without a session duration'
          : 'it rejected the request (400); if this role was assumed with another role\'s credentials, sign in without a session duration'
        : response.status === 401 || response.status === 403
          ? `it did not accept the session (${response.status}): the role session may have expired or been revoked. Run the chain again`
          : `it answered ${response.status}`;
    throw new RoleChainError(response.status === 403 || response.status === 401 ? 'access-denied' : 'aws', redact(`${label} failed at ${trimSlash(base)}: ${why}.`, secrets), {
      ...details,
      awsCode: `HTTP ${response.status}`,
    });
  }
  let token: unknown;
  try {
    token = (JSON.parse(text) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    throw new RoleChainError('aws', `${label} failed: the federation endpoint answered without a sign-in token.`, details);
  }

  const login = new URLSearchParams({ Action: 'login' });
  if (opts.issuer) login.set('Issuer', opts.issuer);
  login.set('Destination', destination);
  login.set('SigninToken', token);
  const result: ConsoleSignIn = {
    url: `${federation}?${login.toString()}`,
    stepIndex,
    roleArn: step.roleArn,
    linkExpiresAt: now + SIGNIN_LINK_TTL_MS,
    description: `${label} via ${federation} to ${new URL(destination).origin}${new URL(destination).pathname}`,
  };
  if (chained) result.consoleSessionEndsAt = step.expiresAt;
  else if (duration !== undefined) result.consoleSessionEndsAt = now + duration * 1000;
  return result;
}
