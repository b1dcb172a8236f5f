// Presigned GET URLs. A URL signed with temporary credentials stops working when the session ends, whatever its
// X-Amz-Expires says, so an expiry beyond the session's remaining life is refused instead of silently promised.
import { GetObjectCommand, } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { systemClock, type Clock } from '../../clock';
import { formatTimeLeft } from '../../session';
import { validateBucketName, validateObjectKey } from '../../validation';
import { invalidInput, s3Error } from './errors';
import { clientForBucket, type S3Port } from './regions';

/** SigV4's own ceiling for presigned URLs: 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** The longest expiry (whole seconds) a URL signed now can honestly get: the session's remaining life, ≤ 7 days. */
export function maxPresignSeconds(sessionExpiresAt: number, clock: Clock = systemClock): number {
  return Math.max(0, Math.min(MAX_PRESIGN_SECONDS, Math.floor((sessionExpiresAt - clock.now()) / 1000)));
}

/** A message when `expiresIn` cannot be honoured (usable as an input box validator), else undefined. */
export function validatePresignExpiry(expiresIn: number, sessionExpiresAt: number, clock: Clock = systemClock): string | undefined {
  if (!Number.isInteger(expiresIn) || expiresIn < 1) return 'Enter the expiry in whole seconds (at least 1).';
  const max = maxPresignSeconds(sessionExpiresAt, clock);
  if (max < 1) return 'The session has expired: run the chain again to sign a URL.';
  if (expiresIn > max) {
    return max < MAX_PRESIGN_SECONDS
      ? `The session ends in ${formatTimeLeft(sessionExpiresAt - clock.now())}, and the URL stops working with it: choose at most ${max} seconds.`
      : `A presigned URL lasts at most ${MAX_PRESIGN_SECONDS} seconds (7 days).`;
  }
  return undefined;
}

export interface PresignOptions {
  bucket: string;
  key: string;
  expiresIn: number; // seconds
  /** When the signing session ends (ms epoch): the chain's (or step's) expiresAt. */
  sessionExpiresAt: number;
  clock?: Clock;
}

export async function presignGetObject(client: S3Port, options: PresignOptions): Promise<{ url: string; expiresAt: number }> {
  const clock = options.clock ?? systemClock;
  const problem =
    validateBucketName(options.bucket) ?? validateObjectKey(options.key) ?? validatePresignExpiry(options.expiresIn, options.sessionExpiresAt, clock);
  if (problem) throw invalidInput(problem);
  try {
    // Signed for the bucket's own region, or S3 refuses the URL.
    const signer = await clientForBucket(client, options.bucket);
    const signedAt = clock.now();
    const url = await getSignedUrl(signer, new GetObjectCommand({ Bucket: options.bucket, Key: options.key }), {
      expiresIn: options.expiresIn,
      signingDate: new Date(signedAt),
    });
    return { url, expiresAt: signedAt + options.expiresIn * 1000 };
  } catch (e) {
    throw s3Error(e, { operation: 'presign', bucket: options.bucket, key: options.key });
  }
}
