// Object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects.
import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { accessDenied, authorize, enforceRequiredSse, existingBucket, may, s3Arn } from '../access';
import { headerOf } from '../checksums';
import { S3Error, invalidRequest, malformedXml, noSuchKey } from '../errors';
import { readSmallBody, receiveBody } from '../ingest';
import { readRange, segmentBounds } from '../objectData';
import { applyResponseOverrides, objectHeaders, parseAttributes, parseSse, sseHeaders, withDefaultKmsKey } from '../objectHeaders';
import { NotModified, checkReadConditions, checkWriteConditions, validateWriteConditionHeaders } from '../preconditions';
import { header, type S3Request } from '../request';
import { sendEmpty, sendXml, startResponse } from '../respond';
import type { BucketRecord, ObjectRecord } from '../storage';
import { child, childText, children, document, el, parseXml } from '../xml';

export const MAX_OBJECT_PUT = 5 * 1024 ** 3;
const MAX_KEY_BYTES = 1024;
const MAX_DELETE_KEYS = 1000;

export function validateKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', 400, 'Your key is too long', { Size: Buffer.byteLength(key), MaxSizeAllowed: MAX_KEY_BYTES });
  }
}

/** Checksum headers of a stored object: only with x-amz-checksum-mode: ENABLED and for the whole object. */
function checksumHeaders(r: S3Request, object: ObjectRecord, whole: boolean): OutgoingHttpHeaders {
  if (!object.checksum || !whole || header(r.headers, 'x-amz-checksum-mode')?.toUpperCase() !== 'ENABLED') return {};
  return { [headerOf(object.checksum.algorithm)]: object.checksum.value, 'x-amz-checksum-type': object.checksum.type };
}

export async function putObject(r: S3Request, bucketName: string, key: string): Promise<void> {
  authorize(r, bucketName, 'put', 's3:PutObject', key);
  const bucket = existingBucket(r, bucketName);
  validateKey(key);
  const conditional = !r.ctx.faults().s3IgnoreWriteConditions;
  if (conditional) validateWriteConditionHeaders(r.headers);
  const sse = withDefaultKmsKey(parseSse(r.headers), bucket.region, r.auth.principal.account);
  enforceRequiredSse(r, bucket, sse, 's3:PutObject', key);
  const attributes = parseAttributes(r.headers, sse);
  const { blob, result } = await r.storage.blobs.receive((sink) =>
    receiveBody(r, sink, { maxSize: MAX_OBJECT_PUT, requireLength: true }),
  );
  try {
    if (r.storage.bucket(bucketName) !== bucket) throw new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucketName });
    if (conditional) checkWriteConditions(r.headers, bucket.objects.get(key), key);
  } catch (error) {
    r.storage.blobs.release(blob);
    throw error;
  }
  const checksum = result.checksum && { ...result.checksum, type: 'FULL_OBJECT' as const };
  const record: ObjectRecord = {
    ...attributes,
    key,
    size: result.size,
    etag: `"${result.md5.toString('hex')}"`,
    lastModified: r.ctx.clock.now(),
    checksum,
    segments: [blob],
  };
  r.storage.putObject(bucket, record);
  const headers: OutgoingHttpHeaders = { etag: record.etag, ...sseHeaders(sse) };
  if (checksum) {
    headers[headerOf(checksum.algorithm)] = checksum.value;
    headers['x-amz-checksum-type'] = checksum.type;
  }
  sendEmpty(r, 200, headers);
}

/** The object, or NoSuchKey — or AccessDenied when the caller may not list the bucket, as S3 hides absence then. */
function existingObject(r: S3Request, bucket: BucketRecord, key: string): ObjectRecord {
  const object = bucket.objects.get(key);
  if (object) return object;
  if (!may(r, bucket.name, 'list')) throw accessDenied(r, 's3:ListBucket', s3Arn(r, bucket.name), 'identity');
  throw noSuchKey(key);
}

interface Selection {
  status: 200 | 206;
  start: number;
  end: number; // inclusive; -1 for an empty object
  headers: OutgoingHttpHeaders;
}

/** Range header or partNumber → which bytes to send. */
function select(r: S3Request, object: ObjectRecord): Selection {
  const size = object.size;
  const range = header(r.headers, 'range');
  const partParam = r.query.get('partNumber');
  if (partParam !== undefined) {
    if (range !== undefined) throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
    const part = Number(partParam);
    if (!/^\d+$/.test(partParam) || part < 1 || part > 10000) {
      throw new S3Error('InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive', {
        ArgumentName: 'partNumber',
        ArgumentValue: partParam,
      });
    }
    const count = object.partsCount ?? 1;
    const bounds = object.partsCount === undefined ? (part === 1 ? { start: 0, end: size - 1 } : undefined) : segmentBounds(object.segments, part - 1);
    if (!bounds) throw new S3Error('InvalidPartNumber', 416, 'The requested partnumber is not satisfiable', { PartNumberRequested: part, ActualPartCount: count });
    const headers: OutgoingHttpHeaders = { 'x-amz-mp-parts-count': count };
    if (bounds.end >= bounds.start) headers['content-range'] = `bytes ${bounds.start}-${bounds.end}/${size}`;
    return { status: 206, start: bounds.start, end: bounds.end, headers };
  }
  const match = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { status: 200, start: 0, end: size - 1, headers: {} };
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw invalidRange(range ?? '', size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return { status: 200, start: 0, end: size - 1, headers: {} };
    if (start >= size) throw invalidRange(range ?? '', size);
  }
  return { status: 206, start, end, headers: { 'content-range': `bytes ${start}-${end}/${size}` } };
}

const invalidRange = (range: string, size: number): S3Error =>
  new S3Error('InvalidRange', 416, 'The requested range is not satisfiable', { RangeRequested: range, ActualObjectSize: size }, {
    'content-range': `bytes */${size}`,
  });

/** GetObject and HeadObject share everything but the body. */
export async function getObject(r: S3Request, bucketName: string, key: string, withBody: boolean): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'get', 's3:GetObject', key);
  const bucket = existingBucket(r, bucketName);
  const object = existingObject(r, bucket, key);
  const base = objectHeaders(object);
  try {
    checkReadConditions(r.headers, object);
  } catch (error) {
    if (!(error instanceof NotModified)) throw error;
    sendEmpty(r, 304, { etag: object.etag, 'last-modified': base['last-modified'] });
    return;
  }
  const selection = select(r, object);
  const length = Math.max(0, selection.end - selection.start + 1);
  const headers: OutgoingHttpHeaders = {
    ...base,
    ...selection.headers,
    ...checksumHeaders(r, object, selection.status === 200),
    'content-length': length,
  };
  applyResponseOverrides(headers, r.query);
  if (!withBody) {
    sendEmpty(r, selection.status, headers);
    return;
  }
  // Hold the data while streaming: an overwrite or delete meanwhile must not pull the files away.
  const segments = object.segments;
  r.storage.retainSegments(segments);
  try {
    startResponse(r, selection.status, headers);
    if (length === 0) {
      r.res.end();
      return;
    }
    await pipeline(readRange(segments, selection.start, selection.end), r.ctx.throttle(), r.res, { signal: r.signal });
  } catch {
    // The client went away or the service is closing; the response is already under way, so just cut it.
    r.res.destroy();
  } finally {
    r.storage.releaseSegments(segments);
  }
}

export async function deleteObject(r: S3Request, bucketName: string, key: string): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'delete', 's3:DeleteObject', key);
  const bucket = existingBucket(r, bucketName);
  r.storage.deleteObject(bucket, key);
  sendEmpty(r, 204);
}

export async function deleteObjects(r: S3Request, bucketName: string): Promise<void> {
  const hasIntegrity =
    header(r.headers, 'content-md5') !== undefined ||
    header(r.headers, 'x-amz-trailer') !== undefined ||
    Object.keys(r.headers).some((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-algorithm');
  const bucket = existingBucket(r, bucketName);
  const body = (await readSmallBody(r, 2 * 1024 * 1024)).toString('utf8');
  if (!hasIntegrity) throw invalidRequest('Missing required header for this request: Content-MD5');
  const root = parseXml(body);
  if (root.name !== 'Delete') throw malformedXml();
  const objects = children(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  const quiet = childText(root, 'Quiet')?.trim() === 'true';
  const results = objects.map((object) => {
    const keyElement = child(object, 'Key');
    if (!keyElement) throw malformedXml();
    const key = keyElement.text;
    if (!may(r, bucket.name, 'delete')) {
      return el('Error', el('Key', key), el('Code', 'AccessDenied'), el('Message', 'Access Denied'));
    }
    r.storage.deleteObject(bucket, key);
    return quiet ? undefined : el('Deleted', el('Key', key));
  });
  sendXml(r, 200, document('DeleteResult', results));
}
