// Who may do what, and the bucket lookups every operation starts with; denials read like AWS's.
import { createHash } from 'node:crypto';
import type { S3Action } from '../types';
import { S3Error, noSuchBucket } from './errors';
import type { S3Request } from './request';
import type { BucketRecord, Identity, Sse } from './storage';

/** The S3 ARN of a bucket or object in the caller's partition (aws, aws-cn, aws-us-gov). */
export function s3Arn(r: S3Request, bucket: string, key?: string): string {
  const partition = /^arn:([^:]+):/.exec(r.auth.principal.arn)?.[1] ?? 'aws';
  return `arn:${partition}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
}

export function accessDenied(r: S3Request, iamAction: string, resource: string, how: 'identity' | 'bucket-policy'): S3Error {
  const reason =
    how === 'identity'
      ? `because no identity-based policy allows the ${iamAction} action`
      : 'with an explicit deny in a resource-based policy';
  return new S3Error(
    'AccessDenied',
    403,
    `User: ${r.auth.principal.arn} is not authorized to perform: ${iamAction} on resource: "${resource}" ${reason}`,
  );
}

/** Throws AccessDenied unless the principal's grants allow `action` on the bucket. */
export function authorize(r: S3Request, bucket: string, action: S3Action, iamAction: string, key?: string): void {
  if (!r.ctx.canS3(r.auth.principal, bucket, action)) throw accessDenied(r, iamAction, s3Arn(r, bucket, key), 'identity');
}

export function may(r: S3Request, bucket: string, action: S3Action): boolean {
  return r.ctx.canS3(r.auth.principal, bucket, action);
}

/**
 * The bucket, or NoSuchBucket. Requests signed for another region are refused as AWS does (the signing region is
 * part of the signature, so the SDK must send each bucket's requests to its own region).
 */
export function existingBucket(r: S3Request, name: string, options: { anyRegion?: boolean } = {}): BucketRecord {
  const bucket = r.storage.bucket(name);
  if (!bucket) throw noSuchBucket(name);
  if (!options.anyRegion && bucket.region !== r.auth.region) {
    const headers = { 'x-amz-bucket-region': bucket.region };
    if (r.auth.presigned) {
      throw new S3Error(
        'AuthorizationQueryParametersError',
        400,
        `Error parsing the X-Amz-Credential parameter; the region '${r.auth.region}' is wrong; expecting '${bucket.region}'`,
        { Region: bucket.region },
        headers,
      );
    }
    throw new S3Error(
      'AuthorizationHeaderMalformed',
      400,
      `The authorization header is malformed; the region '${r.auth.region}' is wrong; expecting '${bucket.region}'`,
      { Region: bucket.region },
      headers,
    );
  }
  return bucket;
}

/** The "deny PutObject without SSE" bucket policy a bucket may be configured with. */
export function enforceRequiredSse(r: S3Request, bucket: BucketRecord, sse: Sse | undefined, iamAction: string, key: string): void {
  const required = bucket.requireSse;
  if (!required) return;
  const ok = sse !== undefined && (required === 'any' || sse.algorithm === required);
  if (!ok) throw accessDenied(r, iamAction, s3Arn(r, bucket.name, key), 'bucket-policy');
}

/** The canonical-user style identity S3 shows as Owner/Initiator (derived from the account, stable per run). */
export function identityOf(r: S3Request): Identity {
  const principal = r.auth.principal;
  return { id: canonicalId(principal.account), displayName: principal.arn.slice(principal.arn.lastIndexOf('/') + 1) };
}

export function initiatorOf(r: S3Request): Identity {
  const principal = r.auth.principal;
  return { id: principal.arn, displayName: principal.arn.slice(principal.arn.lastIndexOf('/') + 1) };
}

export const canonicalId = (account: string): string => createHash('sha256').update(`canonical-user:${account}`).digest('hex');
