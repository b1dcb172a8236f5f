// Conditional requests: If-Match / If-None-Match / If-(Un)Modified-Since on reads, writes and copy sources.
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './errors';
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

/** Conditional writes (PutObject, CompleteMultipartUpload): If-None-Match: * and If-Match: <etag>. */
export function checkWriteConditions(headers: IncomingHttpHeaders, existing: ObjectRecord | undefined): void {
  const ifNoneMatch = header(headers, 'if-none-match');
  const ifMatch = header(headers, 'if-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() === '*' && existing) throw preconditionFailed('If-None-Match');
  if (ifMatch !== undefined) {
    if (!existing) throw new S3Error('NoSuchKey', 404, 'The specified key does not exist.');
    if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed('If-Match');
  }
}
