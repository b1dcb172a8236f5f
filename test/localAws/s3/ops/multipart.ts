// Multipart uploads as AWS runs them: parts 1–10,000 of ≥ 5 MiB (except the last), the "-N" ETag, composite or
// full-object checksums, and abort deleting the parts. Completing builds the object from the part files in place.
import { createHash, randomBytes } from 'node:crypto';
import { authorize, enforceRequiredSse, existingBucket, identityOf, initiatorOf } from '../access';
import {
  type ChecksumAlgorithm,
  type ChecksumType,
  type StoredChecksum,
  compositeOf,
  createHasher,
  elementOf,
  headerOf,
  isWellFormed,
  parseAlgorithm,
} from '../checksums';
import { S3Error, invalidArgument, invalidRequest, malformedXml, noSuchUpload } from '../errors';
import { readSmallBody, receiveBody } from '../ingest';
import { compareKeys, parseMax, urlEncodeKey, walk } from '../listing';
import { readRange } from '../objectData';
import { parseAttributes, parseSse, sseHeaders, withDefaultKmsKey } from '../objectHeaders';
import { checkWriteConditions } from '../preconditions';
import { header, type S3Request } from '../request';
import { sendEmpty, sendXml } from '../respond';
import type { BucketRecord, Identity, ObjectRecord, PartRecord, UploadRecord } from '../storage';
import { childText, children, document, el, opt, parseXml } from '../xml';
import { validateKey } from './objects';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_SIZE = 5 * 1024 ** 3;
const MAX_PART_NUMBER = 10000;
const COMPLETE_BODY_LIMIT = 8 * 1024 * 1024;

const COMPOSITE_CAPABLE: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'MD5', 'SHA512'];
const FULL_OBJECT_CAPABLE: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

const stripQuotes = (etag: string): string => etag.trim().replace(/^"|"$/g, '');

function identityXml(name: string, identity: Identity): ReturnType<typeof el> {
  return el(name, el('ID', identity.id), el('DisplayName', identity.displayName));
}

/** The upload named by ?uploadId, which must be for this key. */
function openUpload(r: S3Request, bucket: BucketRecord, key: string): UploadRecord {
  const uploadId = r.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (!upload || upload.key !== key || upload.state !== 'open') throw noSuchUpload(uploadId);
  return upload;
}

function parsePartNumber(text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < 1 || n > MAX_PART_NUMBER) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text ?? '');
  }
  return n;
}

function checksumSetting(r: S3Request): UploadRecord['checksum'] {
  const algorithmText = header(r.headers, 'x-amz-checksum-algorithm');
  const typeText = header(r.headers, 'x-amz-checksum-type')?.toUpperCase();
  if (algorithmText === undefined) {
    if (typeText !== undefined) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const algorithm = parseAlgorithm(algorithmText);
  if (!algorithm) throw invalidRequest('Checksum algorithm provided is unsupported.');
  if (typeText !== undefined && typeText !== 'COMPOSITE' && typeText !== 'FULL_OBJECT') {
    throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  const type: ChecksumType = (typeText as ChecksumType | undefined) ?? (COMPOSITE_CAPABLE.includes(algorithm) ? 'COMPOSITE' : 'FULL_OBJECT');
  const capable = type === 'COMPOSITE' ? COMPOSITE_CAPABLE : FULL_OBJECT_CAPABLE;
  if (!capable.includes(algorithm)) {
    throw invalidRequest(`The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  return { algorithm, type };
}

export async function createMultipartUpload(r: S3Request, bucketName: string, key: string): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'put', 's3:PutObject', key);
  const bucket = existingBucket(r, bucketName);
  validateKey(key);
  const sse = withDefaultKmsKey(parseSse(r.headers), bucket.region, r.auth.principal.account);
  enforceRequiredSse(r, bucket, sse, 's3:PutObject', key);
  const checksum = checksumSetting(r);
  const upload: UploadRecord = {
    uploadId: randomBytes(36).toString('base64url'),
    key,
    initiated: r.ctx.clock.now(),
    initiator: initiatorOf(r),
    owner: identityOf(r),
    attributes: parseAttributes(r.headers, sse),
    checksum,
    parts: new Map(),
    state: 'open',
  };
  r.storage.addUpload(bucket, upload);
  const headers = { ...sseHeaders(sse) } as Record<string, string>;
  if (checksum) {
    headers['x-amz-checksum-algorithm'] = checksum.algorithm;
    headers['x-amz-checksum-type'] = checksum.type;
  }
  sendXml(
    r,
    200,
    document('InitiateMultipartUploadResult', el('Bucket', bucket.name), el('Key', key), el('UploadId', upload.uploadId)),
    headers,
  );
}

export async function uploadPart(r: S3Request, bucketName: string, key: string): Promise<void> {
  authorize(r, bucketName, 'put', 's3:PutObject', key);
  const bucket = existingBucket(r, bucketName);
  const upload = openUpload(r, bucket, key);
  const partNumber = parsePartNumber(r.query.get('partNumber'));
  const { blob, result } = await r.storage.blobs.receive((sink) =>
    receiveBody(r, sink, { maxSize: MAX_PART_SIZE, requireLength: true, computeAlgorithm: upload.checksum?.algorithm }),
  );
  if (upload.state !== 'open') {
    // Aborted or completed while this part was arriving: the part is not kept.
    r.storage.blobs.release(blob);
    throw noSuchUpload(upload.uploadId);
  }
  const part: PartRecord = {
    partNumber,
    blob,
    size: result.size,
    etag: `"${result.md5.toString('hex')}"`,
    md5: result.md5,
    checksum: result.checksum,
    lastModified: r.ctx.clock.now(),
  };
  r.storage.putPart(upload, part);
  const headers: Record<string, string> = { etag: part.etag, ...(sseHeaders(upload.attributes.sse) as Record<string, string>) };
  if (part.checksum) headers[headerOf(part.checksum.algorithm)] = part.checksum.value;
  sendEmpty(r, 200, headers);
}

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Map<ChecksumAlgorithm, string>;
}

function parseCompleteBody(body: string): RequestedPart[] {
  const root = parseXml(body);
  if (root.name !== 'CompleteMultipartUpload') throw malformedXml();
  const parts = children(root, 'Part').map((part) => {
    const number = childText(part, 'PartNumber')?.trim();
    const etag = childText(part, 'ETag');
    if (number === undefined || etag === undefined || !/^\d+$/.test(number)) throw malformedXml();
    const checksums = new Map<ChecksumAlgorithm, string>();
    for (const element of part.children) {
      const algorithm = element.name.startsWith('Checksum') ? parseAlgorithm(element.name.slice('Checksum'.length)) : undefined;
      if (algorithm) checksums.set(algorithm, element.text.trim());
    }
    return { partNumber: Number(number), etag, checksums };
  });
  if (parts.length === 0) throw malformedXml();
  return parts;
}

function invalidPart(upload: UploadRecord, part: RequestedPart): S3Error {
  return new S3Error(
    'InvalidPart',
    400,
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
    { UploadId: upload.uploadId, PartNumber: part.partNumber, ETag: part.etag },
  );
}

/** Checks the client's part list against the stored parts, as AWS does, and returns the chosen parts in order. */
function choose(upload: UploadRecord, requested: RequestedPart[]): PartRecord[] {
  let previous = 0;
  for (const part of requested) {
    if (part.partNumber <= previous) {
      throw new S3Error('InvalidPartOrder', 400, 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', {
        UploadId: upload.uploadId,
      });
    }
    previous = part.partNumber;
  }
  const chosen = requested.map((part) => {
    const stored = upload.parts.get(part.partNumber);
    if (!stored || stripQuotes(stored.etag) !== stripQuotes(part.etag)) throw invalidPart(upload, part);
    for (const [algorithm, value] of part.checksums) {
      if (stored.checksum?.algorithm !== algorithm || stored.checksum.value !== value) throw invalidPart(upload, part);
    }
    if (upload.checksum?.type === 'COMPOSITE' && !part.checksums.has(upload.checksum.algorithm)) {
      throw invalidRequest(
        `The upload was created using a ${upload.checksum.algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`,
      );
    }
    return stored;
  });
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
        ProposedSize: part.size,
        MinSizeAllowed: MIN_PART_SIZE,
        PartNumber: part.partNumber,
        ETag: stripQuotes(part.etag),
      });
    }
  });
  return chosen;
}

async function objectChecksum(r: S3Request, upload: UploadRecord, parts: PartRecord[], size: number): Promise<StoredChecksum | undefined> {
  const setting = upload.checksum;
  if (!setting) return undefined;
  if (setting.type === 'COMPOSITE') {
    const values = parts.map((p) => p.checksum?.value ?? '');
    return { algorithm: setting.algorithm, value: compositeOf(setting.algorithm, values), type: 'COMPOSITE' };
  }
  // FULL_OBJECT: one pass over the part files (a read, not a copy), checked against the client's value if sent.
  // The parts are held meanwhile, so an abort arriving during the read cannot delete them under it.
  const hasher = createHasher(setting.algorithm);
  const blobs = parts.map((p) => p.blob);
  r.storage.retainSegments(blobs);
  try {
    for await (const chunk of readRange(blobs, 0, size - 1)) hasher.update(chunk as Buffer);
  } finally {
    r.storage.releaseSegments(blobs);
  }
  const value = hasher.digest().toString('base64');
  const claimed = header(r.headers, headerOf(setting.algorithm));
  if (claimed !== undefined) {
    if (!isWellFormed(setting.algorithm, claimed)) throw invalidRequest(`Value for ${headerOf(setting.algorithm)} header is invalid.`);
    if (claimed !== value) {
      throw new S3Error('BadDigest', 400, `The ${setting.algorithm} you specified did not match the calculated checksum.`);
    }
  }
  return { algorithm: setting.algorithm, value, type: 'FULL_OBJECT' };
}

function completeResult(r: S3Request, bucket: BucketRecord, key: string, etag: string, checksum: StoredChecksum | undefined): string {
  const host = header(r.headers, 'host') ?? '127.0.0.1';
  const location = `http://${host}/${bucket.name}/${key.split('/').map(urlEncodeKey).join('/')}`;
  return document(
    'CompleteMultipartUploadResult',
    el('Location', location),
    el('Bucket', bucket.name),
    el('Key', key),
    el('ETag', etag),
    checksum && el(elementOf(checksum.algorithm), checksum.value),
    checksum && el('ChecksumType', checksum.type),
  );
}

export async function completeMultipartUpload(r: S3Request, bucketName: string, key: string): Promise<void> {
  authorize(r, bucketName, 'put', 's3:PutObject', key);
  const bucket = existingBucket(r, bucketName);
  const uploadId = r.query.get('uploadId') ?? '';
  const body = (await readSmallBody(r, COMPLETE_BODY_LIMIT, true)).toString('utf8');
  const done = bucket.completed.get(uploadId);
  if (done && done.key === key && !bucket.uploads.has(uploadId)) {
    // A retry of a completion that already happened (e.g. the first response was lost) gets the same answer.
    sendXml(r, 200, completeResult(r, bucket, key, done.etag, done.checksum));
    return;
  }
  const upload = openUpload(r, bucket, key);
  const parts = choose(upload, parseCompleteBody(body));
  if (!r.ctx.faults().s3IgnoreWriteConditions) checkWriteConditions(r.headers, bucket.objects.get(key), key);
  const size = parts.reduce((sum, p) => sum + p.size, 0);
  const declaredSize = header(r.headers, 'x-amz-mp-object-size');
  if (declaredSize !== undefined && Number(declaredSize) !== size) {
    throw invalidRequest(`The provided 'x-amz-mp-object-size' header value ${declaredSize} does not match what was computed: ${size}`);
  }
  upload.state = 'completing';
  let checksum: StoredChecksum | undefined;
  try {
    checksum = await objectChecksum(r, upload, parts, size);
  } catch (error) {
    if (upload.state === 'completing') upload.state = 'open';
    throw error;
  }
  if (upload.state !== 'completing') throw noSuchUpload(uploadId);
  const md5s = createHash('md5');
  for (const part of parts) md5s.update(part.md5);
  const etag = `"${md5s.digest('hex')}-${parts.length}"`;
  const record: ObjectRecord = {
    ...upload.attributes,
    key,
    size,
    etag,
    lastModified: r.ctx.clock.now(),
    checksum,
    segments: parts.map((p) => p.blob),
    partsCount: parts.length,
  };
  r.storage.completeUpload(bucket, upload, record);
  sendXml(r, 200, completeResult(r, bucket, key, etag, checksum), sseHeaders(upload.attributes.sse));
}

export async function abortMultipartUpload(r: S3Request, bucketName: string, key: string): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'put', 's3:AbortMultipartUpload', key);
  const bucket = existingBucket(r, bucketName);
  const uploadId = r.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
  r.storage.abortUpload(bucket, upload);
  sendEmpty(r, 204);
}

export async function listParts(r: S3Request, bucketName: string, key: string): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'put', 's3:ListMultipartUploadParts', key);
  const bucket = existingBucket(r, bucketName);
  const upload = openUpload(r, bucket, key);
  const max = parseMax(r.query.get('max-parts'), 'max-parts');
  const markerText = r.query.get('part-number-marker');
  const marker = markerText === undefined || markerText === '' ? 0 : Number(markerText);
  if (!Number.isInteger(marker) || marker < 0) throw invalidArgument('Invalid part number marker', 'part-number-marker', markerText ?? '');
  const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  sendXml(
    r,
    200,
    document(
      'ListPartsResult',
      el('Bucket', bucket.name),
      el('Key', key),
      el('UploadId', upload.uploadId),
      el('PartNumberMarker', marker),
      opt('NextPartNumberMarker', last?.partNumber),
      el('MaxParts', max),
      el('IsTruncated', String(truncated)),
      page.map((p) =>
        el(
          'Part',
          el('PartNumber', p.partNumber),
          el('LastModified', new Date(p.lastModified).toISOString()),
          el('ETag', p.etag),
          el('Size', p.size),
          p.checksum && el(elementOf(p.checksum.algorithm), p.checksum.value),
        ),
      ),
      identityXml('Initiator', upload.initiator),
      identityXml('Owner', upload.owner),
      el('StorageClass', upload.attributes.storageClass),
      upload.checksum && el('ChecksumAlgorithm', upload.checksum.algorithm),
      upload.checksum && el('ChecksumType', upload.checksum.type),
    ),
  );
}

export async function listMultipartUploads(r: S3Request, bucketName: string): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'list', 's3:ListBucketMultipartUploads');
  const bucket = existingBucket(r, bucketName);
  const encodingType = r.query.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  const encode = encodingType === 'url' ? urlEncodeKey : (text: string): string => text;
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') || undefined;
  const max = parseMax(r.query.get('max-uploads'), 'max-uploads');
  const keyMarker = r.query.get('key-marker') || undefined;
  const uploadIdMarker = r.query.get('upload-id-marker') || undefined;
  const sorted = [...bucket.uploads.values()].sort(
    (a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated || compareKeys(a.uploadId, b.uploadId),
  );
  // key-marker alone: keys after it; with upload-id-marker: that key's later uploads too.
  let startIndex = 0;
  if (keyMarker !== undefined) {
    const markerIndex = uploadIdMarker === undefined ? -1 : sorted.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker);
    startIndex = markerIndex >= 0 ? markerIndex + 1 : sorted.findIndex((u) => compareKeys(u.key, keyMarker) > 0);
    if (startIndex < 0) startIndex = sorted.length;
  }
  const page = walk(sorted.slice(startIndex), (u) => u.key, { prefix, delimiter, max });
  const lastUpload = page.items[page.items.length - 1];
  const nextKeyMarker = page.truncated ? page.last?.key : undefined;
  const nextUploadIdMarker = page.truncated && page.last && !page.last.isPrefix ? lastUpload?.uploadId : undefined;
  sendXml(
    r,
    200,
    document(
      'ListMultipartUploadsResult',
      el('Bucket', bucket.name),
      el('KeyMarker', encode(keyMarker ?? '')),
      el('UploadIdMarker', uploadIdMarker ?? ''),
      opt('NextKeyMarker', nextKeyMarker && encode(nextKeyMarker)),
      opt('NextUploadIdMarker', nextUploadIdMarker),
      opt('Delimiter', delimiter && encode(delimiter)),
      el('Prefix', encode(prefix)),
      el('MaxUploads', max),
      opt('EncodingType', encodingType),
      el('IsTruncated', String(page.truncated)),
      page.items.map((u) =>
        el(
          'Upload',
          el('Key', encode(u.key)),
          el('UploadId', u.uploadId),
          identityXml('Initiator', u.initiator),
          identityXml('Owner', u.owner),
          el('StorageClass', u.attributes.storageClass),
          el('Initiated', new Date(u.initiated).toISOString()),
          u.checksum && el('ChecksumAlgorithm', u.checksum.algorithm),
          u.checksum && el('ChecksumType', u.checksum.type),
        ),
      ),
      page.commonPrefixes.map((p) => el('CommonPrefixes', el('Prefix', encode(p)))),
    ),
  );
}
