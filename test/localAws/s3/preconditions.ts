// Conditional requests: If-Match / If-None-Match / If-(Un)Modified-Since on reads, writes and copy sources.
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error, noSuchKey, notImplemented } from './errors';
import { header } from './request';
import type { ObjectRecord } from './storage';

const preconditionFailed = (condition: string): S3Error =>
  new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: condition });

/** A 304 is not an error to S3 clients, but it ends the request without a body. */
export class NotModified extends Error {
  constructor() {
    super('Not Modified');
  }
}

const etagMatches = (list: string, etag: string): boolean =>
  list.split(',').some((candidate) => {
    const c = candidate.trim();
    return c === '*' || c === etag || `"${c}"` === etag;
  });

const seconds = (ms: number): number => Math.floor(ms / 1000);

function dateHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const text = header(headers, name);
  if (text === undefined) return undefined;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

/** GET/HEAD (prefix '') and copy sources (prefix 'x-amz-copy-source-'), in the order RFC 9110 evaluates them. */
export function checkReadConditions(headers: IncomingHttpHeaders, object: ObjectRecord, prefix = ''): void {
  const ifMatch = header(headers, `${prefix}if-match`);
  const ifNoneMatch = header(headers, `${prefix}if-none-match`);
  const ifModifiedSince = dateHeader(headers, `${prefix}if-modified-since`);
  const ifUnmodifiedSince = dateHeader(headers, `${prefix}if-unmodified-since`);
  const modified = seconds(object.lastModified);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, object.etag)) throw preconditionFailed(`${prefix}If-Match`);
  } else if (ifUnmodifiedSince !== undefined && modified > seconds(ifUnmodifiedSince)) {
    throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  }
  const notModified = prefix === '' ? new NotModified() : preconditionFailed(`${prefix}If-None-Match`);
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, object.etag)) throw notModified;
  } else if (ifModifiedSince !== undefined && modified <= seconds(ifModifiedSince)) {
    throw prefix === '' ? notModified : preconditionFailed(`${prefix}If-Modified-Since`);
  }
}

/**
 * The write-condition headers S3 understands, checked before the body is read: PutObject and
 * CompleteMultipartUpload accept only `If-None-Match: *`; any other value is functionality S3 does not have (501).
 */
export function validateWriteConditionHeaders(headers: IncomingHttpHeaders): void {
  const ifNoneMatch = header(headers, 'if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw notImplemented('If-None-Match other than *');
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload), evaluated against the object as it is when the write
 * completes: `If-None-Match: *` fails with 412 when the key exists; `If-Match: <etag>` fails with 412 when the ETag
 * differs, and with 404 NoSuchKey when there is no object (as the S3 user guide's "conditional writes" page says).
 */
export function checkWriteConditions(headers: IncomingHttpHeaders, existing: ObjectRecord | undefined, key: string): void {
  validateWriteConditionHeaders(headers);
  const ifNoneMatch = header(headers, 'if-none-match');
  const ifMatch = header(headers, 'if-match');
  if (ifNoneMatch !== undefined && existing) throw preconditionFailed('If-None-Match');
  if (ifMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed('If-Match');
  }
}
