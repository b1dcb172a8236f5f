// Typed errors and the classification of AWS, SDK and network errors into their kinds (the sentences people see are
// built from these in errorMessages.ts). AWS errors are classified by `name` and HTTP status
// (the SDK throws one generic exception class for STS's unmodelled errors, and two bundles may each carry their
// own copy of these classes), so nothing here relies on `instanceof`.
import { redact } from './redact';

export type ErrorKind =
  | 'validation'
  | 'cancelled'
  | 'access-denied'
  | 'chaining-cap'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'network'
  | 'throttled'
  | 'aws'
  | 'no-credentials';

export interface RoleChainErrorDetails {
  chainName?: string;
  stepIndex?: number; // 0-based
  stepCount?: number;
  roleArn?: string;
  awsCode?: string;
  hint?: string;
  /** The endpoint a network error could not reach. */
  endpoint?: string;
  cause?: unknown;
}

/** `message` is the full sentence for people (what failed, why, what to do) and never holds a secret. */
export class RoleChainError extends Error {
  override name = 'RoleChainError';
  readonly kind: ErrorKind;
  readonly chainName?: string;
  readonly stepIndex?: number;
  readonly stepCount?: number;
  readonly roleArn?: string;
  readonly awsCode?: string;
  readonly hint?: string;
  readonly endpoint?: string;

  constructor(kind: ErrorKind, message: string, details: RoleChainErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: detachCause(details.cause) });
    this.kind = kind;
    this.chainName = details.chainName;
    this.stepIndex = details.stepIndex;
    this.stepCount = details.stepCount;
    this.roleArn = details.roleArn;
    this.awsCode = details.awsCode;
    this.hint = details.hint;
    this.endpoint = details.endpoint;
  }
}

/**
 * A copy of an underlying error that keeps what classification and the log need (name, redacted message, code,
 * HTTP metadata, nested causes) and nothing else: an SDK error holds the outgoing request, whose headers carry the
 * session token, so the original object must never hang off an error that may be logged or inspected.
 */
export function detachCause(e: unknown, depth = 0): unknown {
  if (typeof e !== 'object' || e === null || depth > 4) return typeof e === 'string' ? redact(e) : undefined;
  const src = e as Record<string, unknown>;
  const out = new Error(redact(typeof src.message === 'string' ? src.message : String(e))) as Error & Record<string, unknown>;
  out.name = typeof src.name === 'string' ? src.name : 'Error';
  out.stack = undefined;
  for (const key of ['code', 'errno', 'syscall', 'Code', 'Type']) {
    if (typeof src[key] === 'string' || typeof src[key] === 'number') out[key] = src[key];
  }
  const meta = src.$metadata as Record<string, unknown> | undefined;
  if (meta && typeof meta === 'object') {
    out.$metadata = { httpStatusCode: meta.httpStatusCode, requestId: meta.requestId, attempts: meta.attempts };
  }
  if (Array.isArray(src.errors)) out.errors = src.errors.slice(0, 8).map((inner) => detachCause(inner, depth + 1));
  if (src.cause !== undefined) out.cause = detachCause(src.cause, depth + 1);
  return out;
}

/** The person cancelled (a prompt dismissed, a Cancel button): not a failure, nothing to report. */
export class CancelledError extends RoleChainError {
  override name = 'CancelledError';
  constructor(message = 'Cancelled.', details: RoleChainErrorDetails = {}) {
    super('cancelled', message, details);
  }
}

function field(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined;
}

function str(e: unknown, key: string): string | undefined {
  const v = field(e, key);
  return typeof v === 'string' ? v : undefined;
}

/** The error's `name` (the SDK puts the service's error code there), if it has one. */
export function errorName(e: unknown): string | undefined {
  return str(e, 'name');
}

export function isRoleChainError(e: unknown): e is RoleChainError {
  const name = str(e, 'name');
  return (name === 'RoleChainError' || name === 'CancelledError') && typeof field(e, 'kind') === 'string';
}

export function isCancelled(e: unknown): boolean {
  if (isRoleChainError(e)) return e.kind === 'cancelled';
  // An AbortSignal fired inside the SDK or fetch.
  return str(e, 'name') === 'AbortError';
}

// ---------------------------------------------------------------------------------------------------------
// Classification of AWS SDK and network errors

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ECONNABORTED: 'the connection was aborted',
  EPIPE: 'the connection was closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'AuthFailure',
]);
const CLOCK_SKEW_CODES = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture']);
const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'Forbidden']);
const NO_CREDENTIALS_NAMES = new Set(['CredentialsProviderError', 'TokenProviderError']);

export interface AwsErrorInfo {
  kind: ErrorKind;
  /** AWS's error code (`error.name`), or the Node network code. */
  code: string;
  httpStatus?: number;
  /** AWS's own message, redacted. */
  awsMessage: string;
  /** Set when the request never got an HTTP answer. */
  networkReason?: string;
  clockSkew?: boolean;
}

/** The host name a DNS lookup failed for (Node's `hostname` on the error or its causes), if any. */
export function unresolvedHost(e: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof e !== 'object' || e === null) return undefined;
  const code = str(e, 'code');
  const host = str(e, 'hostname');
  if (host && (code === 'ENOTFOUND' || code === 'EAI_AGAIN')) return host;
  const errors = field(e, 'errors');
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const h = unresolvedHost(inner, depth + 1);
      if (h) return h;
    }
  }
  return unresolvedHost(field(e, 'cause'), depth + 1);
}

/** Finds a Node network error code on the error, its `cause` chain or an AggregateError's members. */
function networkCode(e: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof e !== 'object' || e === null) return undefined;
  const code = str(e, 'code');
  if (code && code in NETWORK_REASONS) return code;
  if (str(e, 'name') === 'TimeoutError') return 'ETIMEDOUT';
  if (/socket hang up/i.test(str(e, 'message') ?? '')) return 'ECONNRESET';
  const errors = field(e, 'errors');
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const c = networkCode(inner, depth + 1);
      if (c) return c;
    }
  }
  return networkCode(field(e, 'cause'), depth + 1);
}

function httpStatusOf(e: unknown): number | undefined {
  const status = field(field(e, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

export function classifyAwsError(e: unknown): AwsErrorInfo {
  const name = str(e, 'name') ?? 'Error';
  const awsMessage = redact(str(e, 'message') ?? String(e));
  const httpStatus = httpStatusOf(e);
  const info = (kind: ErrorKind, extra: Partial<AwsErrorInfo> = {}): AwsErrorInfo => ({ kind, code: name, httpStatus, awsMessage, ...extra });

  if (isRoleChainError(e)) return info(e.kind, { code: e.awsCode ?? name });
  if (name === 'AbortError') return info('cancelled');
  if (NO_CREDENTIALS_NAMES.has(name)) return info('no-credentials');
  if (THROTTLE_CODES.has(name) || httpStatus === 429) return info('throttled');
  if (EXPIRED_CODES.has(name)) return info('expired-credentials');
  if (CLOCK_SKEW_CODES.has(name) || /signature expired/i.test(awsMessage)) return info('invalid-credentials', { clockSkew: true });
  if (INVALID_CODES.has(name)) return info('invalid-credentials');
  if (name === 'ValidationError' && /role chaining/i.test(awsMessage)) return info('chaining-cap');
  if (name === 'ValidationError') return info('validation');
  if (DENIED_CODES.has(name)) return info('access-denied');
  if (name === 'RegionDisabledException') return info('aws');
  // No HTTP answer at all: the endpoint could not be reached.
  const net = httpStatus === undefined ? networkCode(e) : undefined;
  if (net) return info('network', { code: net, networkReason: NETWORK_REASONS[net] });
  if (httpStatus === 403) return info('access-denied');
  return info('aws');
}
