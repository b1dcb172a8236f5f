// Saving an edited object without losing someone else's change: PutObject with If-Match on the ETag the text was
// read with, and the chain's server-side encryption. A newer object (412, or 409 when a write raced this one) or a
// deleted one (404 for If-Match on a missing key) comes back as a typed conflict for the editor to resolve, never
// as an overwrite. The probe finds S3-compatible stores that ignore the condition, so the user can be told first.
import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { errorName, isCancelled } from '../../errors';
import { validateBucketName, validateObjectKey } from '../../validation';
import { httpStatus, invalidInput, isNotFound, s3Error, s3Reason } from './errors';
import type { S3Port } from './regions';
import { sseParams, validateSse, type SseOptions } from './sse';

export interface ConditionalPutOptions {
  bucket: string;
  key: string;
  body: Uint8Array;
  sse: SseOptions;
  /** The ETag the edited text was read with. Absent: an unconditional write (the user chose Overwrite). */
  ifMatch?: string;
  /** Kept from the object that was read, so saving does not turn a JSON object into binary/octet-stream. */
  contentType?: string;
  signal?: AbortSignal;
  chainName?: string;
}

export type ConditionalPutResult =
  /** Written; `etag` is the new version's, for the next save's If-Match (absent when the store sent none). */
  | { kind: 'saved'; etag?: string }
  /** Not written: the object changed since it was read ('changed') or is gone ('deleted'). */
  | { kind: 'conflict'; reason: 'changed' | 'deleted' };

/** 412 PreconditionFailed, or 409 ConditionalRequestConflict (a concurrent write won the race). */
function isChanged(e: unknown): boolean {
  const name = errorName(e);
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || httpStatus(e) === 412;
}

function checkInput(bucket: string, key: string, sse: SseOptions): void {
  const problem = validateBucketName(bucket) ?? validateObjectKey(key) ?? validateSse(sse);
  if (problem) throw invalidInput(problem);
}

/** PutObject with If-Match (when given) and the chain's SSE; a failed precondition is a result, not an error. */
export async function putObjectIfUnchanged(client: S3Port, options: ConditionalPutOptions): Promise<ConditionalPutResult> {
  const { bucket, key, body, sse, ifMatch, contentType, signal, chainName } = options;
  checkInput(bucket, key, sse);
  try {
    const out = await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentLength: body.byteLength,
        ...(ifMatch !== undefined ? { IfMatch: ifMatch } : {}),
        ...(contentType ? { ContentType: contentType } : {}),
        ...sseParams(sse),
      }),
      { abortSignal: signal },
    );
    return { kind: 'saved', ...(out.ETag ? { etag: out.ETag } : {}) };
  } catch (e) {
    if (ifMatch !== undefined && isChanged(e)) return { kind: 'conflict', reason: 'changed' };
    if (ifMatch !== undefined && isNotFound(e)) return { kind: 'conflict', reason: 'deleted' };
    throw s3Error(e, { operation: 'upload', bucket, key, sse, chainName });
  }
}

export type ConditionalWriteSupport =
  | { kind: 'supported' }
  /** The store ignores or refuses If-Match on PutObject: saves cannot detect a concurrent change. */
  | { kind: 'unsupported'; how: 'ignored' | 'refused'; leftBehind?: { key: string; reason: string } }
  /** The probe itself was not allowed or failed (e.g. AccessDenied): nothing is known. */
  | { kind: 'unknown'; reason: string };

export interface ProbeOptions {
  bucket: string;
  /** The key about to be edited: the probe writes next to it, where the role is expected to be allowed to write. */
  key: string;
  sse: SseOptions;
  signal?: AbortSignal;
  chainName?: string;
  /** Random part of the scratch key (injected by tests). */
  randomId?: () => string;
}

/** An ETag no object has (S3 ETags are hex digests), so a store that honours If-Match can never let it through. */
const NEVER_MATCHES = '"role-chains-probe-never-matches"';

/** A fresh key in the same folder as `key`, named so a stray one is recognisable. */
export function probeKeyFor(key: string, id: string): string {
  const slash = key.lastIndexOf('/');
  return `${slash < 0 ? '' : key.slice(0, slash + 1)}.role-chains-conditional-write-probe-${id}`;
}

/**
 * Does this store honour If-Match on PutObject? Why this probe and no other: it must never touch the object being
 * edited, so it writes an empty body to a fresh random key beside it, with If-Match on an ETag no object has.
 * - A store with conditional writes refuses it (AWS: 404 NoSuchKey for If-Match on a missing key; some stores: 412)
 *   and writes nothing.
 * - A store that does not understand the header may say so (501 NotImplemented, 400): nothing is written either.
 * - A store that ignores the header creates the empty scratch object: that answer is the proof, and the object is
 *   deleted at once. Only then, and only if that delete is refused, can anything be left behind: its key says what it
 *   is, and the reason names it.
 * Writing to the edited key itself with a bogus condition would, on exactly the stores being detected, overwrite the
 * user's object, so that is never done. Other refusals (AccessDenied, a bucket policy demanding SSE that the chain
 * does not send) say nothing about conditions: 'unknown'.
 */
export async function probeConditionalWrites(client: S3Port, options: ProbeOptions): Promise<ConditionalWriteSupport> {
  const { bucket, key, sse, signal, chainName } = options;
  checkInput(bucket, key, sse);
  const scratch = probeKeyFor(key, (options.randomId ?? (() => randomBytes(8).toString('hex')))());
  try {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: scratch, Body: new Uint8Array(0), ContentLength: 0, IfMatch: NEVER_MATCHES, ...sseParams(sse) }),
      { abortSignal: signal },
    );
  } catch (e) {
    if (isCancelled(e)) throw s3Error(e, { operation: 'upload', bucket, key: scratch, chainName });
    const status = httpStatus(e);
    const name = errorName(e);
    if (isChanged(e) || isNotFound(e)) return { kind: 'supported' };
    if (status === 501 || name === 'NotImplemented' || (status === 400 && /If-?Match|condition|header/i.test(`${name ?? ''} ${(e as Error).message ?? ''}`))) {
      return { kind: 'unsupported', how: 'refused' };
    }
    return { kind: 'unknown', reason: s3Reason(e, { operation: 'upload', bucket, key: scratch, sse, chainName }) };
  }
  // Written: the store ignored If-Match. Take the scratch object away again.
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: scratch }), { abortSignal: signal });
  } catch (e) {
    return { kind: 'unsupported', how: 'ignored', leftBehind: { key: scratch, reason: s3Reason(e, { operation: 'delete', bucket, key: scratch, chainName }) } };
  }
  return { kind: 'unsupported', how: 'ignored' };
}
