// CopyObject. The copy shares the source's data files (they are immutable), so even a large copy is instant; only
// a multipart source is read once, because a copied object gets a plain MD5 ETag as on AWS.
import { createHash } from 'node:crypto';
import { authorize, enforceRequiredSse, existingBucket } from '../access';
import { type StoredChecksum, createHasher, elementOf, parseAlgorithm } from '../checksums';
import { S3Error, invalidArgument, invalidRequest, noSuchKey } from '../errors';
import { readSmallBody } from '../ingest';
import { readRange } from '../objectData';
import { parseAttributes, parseSse, parseStorageClass, sseHeaders, withDefaultKmsKey } from '../objectHeaders';
import { checkReadConditions } from '../preconditions';
import { header, type S3Request } from '../request';
import { sendXml } from '../respond';
import type { ObjectRecord } from '../storage';
import { document, el } from '../xml';
import { MAX_OBJECT_PUT, validateKey } from './objects';

export function parseCopySource(value: string): { bucket: string; key: string } {
  let text: string;
  try {
    text = decodeURIComponent(value);
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', value);
  }
  text = text.replace(/^\//, '').replace(/\?versionId=.*$/, '');
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', value);
  }
  return { bucket: text.slice(0, slash), key: text.slice(slash + 1) };
}

export async function copyObject(r: S3Request, bucketName: string, key: string, copySource: string): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  const source = parseCopySource(copySource);
  authorize(r, source.bucket, 'get', 's3:GetObject', source.key);
  authorize(r, bucketName, 'put', 's3:PutObject', key);
  const sourceBucket = existingBucket(r, source.bucket, { anyRegion: true });
  const bucket = existingBucket(r, bucketName);
  validateKey(key);
  const original = sourceBucket.objects.get(source.key);
  if (!original) throw noSuchKey(source.key);
  checkReadConditions(r.headers, original, 'x-amz-copy-source-');
  if (original.size > MAX_OBJECT_PUT) {
    throw invalidRequest('The specified copy source is larger than the maximum allowable size for a copy source: 5368709120');
  }
  const directive = header(r.headers, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  // Encryption is not inherited: the copy is encrypted as this request says (as with a bucket without defaults).
  const sse = withDefaultKmsKey(parseSse(r.headers), bucket.region, r.auth.principal.account);
  enforceRequiredSse(r, bucket, sse, 's3:PutObject', key);
  const storageClassHeader = header(r.headers, 'x-amz-storage-class');
  if (
    sourceBucket === bucket &&
    source.key === key &&
    directive === 'COPY' &&
    sse === undefined &&
    original.sse === undefined &&
    storageClassHeader === undefined
  ) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const attributes =
    directive === 'REPLACE'
      ? parseAttributes(r.headers, sse)
      : { headers: original.headers, userMetadata: original.userMetadata, sse, storageClass: parseStorageClass(r.headers) };
  const requested = header(r.headers, 'x-amz-checksum-algorithm');
  const algorithm = requested === undefined ? original.checksum?.algorithm : parseAlgorithm(requested);
  if (requested !== undefined && !algorithm) throw invalidRequest('Checksum algorithm provided is unsupported.');

  const segments = original.segments;
  r.storage.retainSegments(segments);
  let etag = original.etag;
  let checksum: StoredChecksum | undefined =
    original.checksum?.type === 'FULL_OBJECT' && original.checksum.algorithm === algorithm ? original.checksum : undefined;
  try {
    const needsMd5 = original.partsCount !== undefined;
    if (needsMd5 || (algorithm && !checksum)) {
      const md5 = createHash('md5');
      const hasher = algorithm ? createHasher(algorithm) : undefined;
      for await (const chunk of readRange(segments, 0, original.size - 1)) {
        md5.update(chunk as Buffer);
        hasher?.update(chunk as Buffer);
      }
      if (needsMd5) etag = `"${md5.digest('hex')}"`;
      if (algorithm && hasher) checksum = { algorithm, value: hasher.digest().toString('base64'), type: 'FULL_OBJECT' };
    }
  } catch (error) {
    r.storage.releaseSegments(segments);
    throw error;
  }
  if (r.storage.bucket(bucketName) !== bucket) {
    r.storage.releaseSegments(segments);
    throw new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucketName });
  }
  const record: ObjectRecord = {
    ...attributes,
    key,
    size: original.size,
    etag,
    lastModified: r.ctx.clock.now(),
    checksum,
    segments, // the references taken above now belong to the copy
  };
  r.storage.putObject(bucket, record);
  sendXml(
    r,
    200,
    document(
      'CopyObjectResult',
      el('ETag', etag),
      el('LastModified', new Date(record.lastModified).toISOString()),
      checksum && el('ChecksumType', checksum.type),
      checksum && el(elementOf(checksum.algorithm), checksum.value),
    ),
    sseHeaders(sse),
  );
}
