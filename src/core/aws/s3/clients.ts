// One S3 client per session step, built with explicit credentials, region and endpoint: nothing global is read or
// mutated, so two chains (or two steps of one chain) can browse side by side. Unlike ../clients.ts's plain
// createS3Client, this one refuses an expired session before every request.
import { S3Client } from '@aws-sdk/client-s3';
import { RoleChainError } from '../../errors';
import { systemClock, type Clock } from '../../clock';
import type { StepSession } from '../../session';
import { S3Gateway } from './regions';

/** The key material of one step (the core's session Credentials satisfy it). */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** ms epoch; absent for long-term keys. */
  expiration?: number;
}

/** Everything an S3 client needs to act as one session step. */
export interface S3Access {
  credentials: S3Credentials;
  region: string;
  /** An S3-compatible endpoint (machine-scoped setting); absent = AWS. */
  endpoint?: string;
  /** Path-style URLs (`host/bucket/key`), needed for `localhost` and most S3-compatible stores. */
  forcePathStyle?: boolean;
  /**
   * Send checksums only where S3 requires them. Off by default (AWS and current stores verify them);
   * on for older S3-compatible stores that answer streamed uploads with 411 MissingContentLength.
   */
  checksumWhenRequired?: boolean;
  /** Used to refuse credentials at or near their expiry. */
  clock?: Clock;
  /** SDK attempts per request (retries on throttling and 5xx). */
  maxAttempts?: number;
  /** Named in the expiry message ("Run chain X again"). */
  chainName?: string;
}

const QUIET_LOGGER = { trace: (): void => undefined, debug: (): void => undefined, info: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

/** A request signed this close to expiry could arrive after it: treat the session as expired. */
export const EXPIRY_SKEW_MS = 60_000;

function expiredError(access: S3Access, expiration: number, now: number): RoleChainError {
  const who = access.chainName ? `chain "${access.chainName}"` : 'the chain';
  const state = now >= expiration ? 'has expired' : 'expires in less than a minute';
  return new RoleChainError(
    'expired-credentials',
    `The session of ${who} ${state}: run the chain again.`,
    { chainName: access.chainName, hint: 'Run the chain again.' },
  );
}

/** Throws when the credentials are expired or within EXPIRY_SKEW_MS of it. */
export function assertS3AccessFresh(access: S3Access): void {
  const { expiration } = access.credentials;
  const now = (access.clock ?? systemClock).now();
  if (expiration !== undefined && now + EXPIRY_SKEW_MS >= expiration) throw expiredError(access, expiration, now);
}

/** Throws only once the credentials are past their expiry: the floor even cleanup requests must respect. */
function assertNotExpired(access: S3Access): void {
  const { expiration } = access.credentials;
  const now = (access.clock ?? systemClock).now();
  if (expiration !== undefined && now >= expiration) throw expiredError(access, expiration, now);
}

/**
 * New work is refused in a session's last minute, but AbortMultipartUpload still goes out with the live keys:
 * refusing the cleanup too would orphan the parts already sent.
 */
const CLEANUP_COMMANDS = new Set(['AbortMultipartUploadCommand']);

/**
 * Builds an S3 client for one session step. Refuses expired credentials at once, and again before every request
 * (the credentials are handed to the SDK through a provider that checks the clock), so a client kept in a tree
 * node past its session's end never signs a request with dead keys.
 */
export function createS3ClientFor(access: S3Access): S3Gateway {
  assertS3AccessFresh(access);
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = access.credentials;
  // `memoized: true` tells the SDK not to cache this provider (it would otherwise reuse the answer until five
  // minutes before expiry by the real clock): the expiry check below then runs for every request signed.
  const credentials = Object.assign(
    async () => {
      assertNotExpired(access);
      return {
        accessKeyId,
        secretAccessKey,
        ...(sessionToken !== undefined ? { sessionToken } : {}),
        ...(expiration !== undefined ? { expiration: new Date(expiration) } : {}),
      };
    },
    { memoized: true },
  );
  const build = (region: string): S3Client => {
    const client = new S3Client({
      region,
      credentials,
      ...(access.endpoint ? { endpoint: access.endpoint } : {}),
      forcePathStyle: access.forcePathStyle ?? false,
      maxAttempts: access.maxAttempts ?? 3,
      // The SDK's default logger is the console: its notes (e.g. that a streamed part is not retried, which the
      // engine does itself) would reach the extension host's output as noise. Failures surface as errors anyway.
      logger: QUIET_LOGGER,
      ...(access.checksumWhenRequired
        ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
        : {}),
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!CLEANUP_COMMANDS.has(context.commandName ?? '')) assertS3AccessFresh(access);
        return next(args);
      },
      { step: 'initialize', name: 'roleChainsSessionFreshness' },
    );
    return client;
  };
  // One gateway serves every bucket: requests for a bucket in another region go to a client built for it.
  return new S3Gateway(access.region, build, !access.checksumWhenRequired);
}

/** Endpoint settings for S3 (from the machine-scoped roleChains.endpoints.* settings). */
export interface S3EndpointOptions {
  s3?: string;
  forcePathStyle?: boolean;
  checksumWhenRequired?: boolean;
}

/** The S3Access of one step of a signed-in chain. */
export function s3AccessForStep(
  step: Pick<StepSession, 'credentials' | 'region'>,
  options: S3EndpointOptions & { clock?: Clock; chainName?: string; maxAttempts?: number } = {},
): S3Access {
  return {
    credentials: step.credentials,
    region: step.region,
    ...(options.s3 ? { endpoint: options.s3 } : {}),
    ...(options.forcePathStyle !== undefined ? { forcePathStyle: options.forcePathStyle } : {}),
    ...(options.checksumWhenRequired ? { checksumWhenRequired: true } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.chainName ? { chainName: options.chainName } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
}
