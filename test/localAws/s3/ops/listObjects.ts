// ListObjectsV2 (and the original ListObjects, which awscli and older tools still send).
import { authorize, canonicalId, existingBucket } from '../access';
import { invalidArgument } from '../errors';
import { readSmallBody } from '../ingest';
import { decodeToken, encodeToken, parseMax, urlEncodeKey, walk } from '../listing';
import type { S3Request } from '../request';
import { sendXml } from '../respond';
import type { ObjectRecord } from '../storage';
import { document, el, opt } from '../xml';

function encodingOf(r: S3Request): (text: string) => string {
  const encodingType = r.query.get('encoding-type');
  if (encodingType === undefined) return (text) => text;
  if (encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  return urlEncodeKey;
}

function contents(object: ObjectRecord, encode: (text: string) => string, owner: boolean, r: S3Request): ReturnType<typeof el> {
  return el(
    'Contents',
    el('Key', encode(object.key)),
    el('LastModified', new Date(object.lastModified).toISOString()),
    el('ETag', object.etag),
    object.checksum && el('ChecksumAlgorithm', object.checksum.algorithm),
    object.checksum && el('ChecksumType', object.checksum.type),
    el('Size', object.size),
    owner && el('Owner', el('ID', canonicalId(r.auth.principal.account))),
    el('StorageClass', object.storageClass),
  );
}

export async function listObjects(r: S3Request, bucketName: string, version: 1 | 2): Promise<void> {
  await readSmallBody(r, 64 * 1024);
  authorize(r, bucketName, 'list', 's3:ListBucket');
  const bucket = existingBucket(r, bucketName);
  const encode = encodingOf(r);
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') || undefined;
  const max = parseMax(r.query.get('max-keys'), 'max-keys');
  const token = version === 2 ? r.query.get('continuation-token') : undefined;
  const startAfter = version === 2 ? r.query.get('start-after') : r.query.get('marker');
  let after = startAfter || undefined;
  // A marker naming a common prefix (a V1 NextMarker) continues after everything that prefix stood for.
  let afterIsPrefix = after !== undefined && delimiter !== undefined && after.endsWith(delimiter);
  if (token !== undefined) {
    const decoded = decodeToken(token);
    after = decoded.key;
    afterIsPrefix = decoded.isPrefix;
  }
  const keys = r.storage.sortedKeys(bucket);
  const page = walk(keys, (k) => k, { prefix, delimiter, after, afterIsPrefix, max });
  const objects = page.items.map((k) => bucket.objects.get(k)).filter((o): o is ObjectRecord => o !== undefined);
  const fetchOwner = version === 1 || r.query.get('fetch-owner') === 'true';
  const commonPrefixes = page.commonPrefixes.map((p) => el('CommonPrefixes', el('Prefix', encode(p))));
  const shared = [
    el('Name', bucket.name),
    el('Prefix', encode(prefix)),
  ];
  if (version === 2) {
    sendXml(
      r,
      200,
      document(
        'ListBucketResult',
        shared,
        opt('Delimiter', delimiter && encode(delimiter)),
        el('MaxKeys', max),
        opt('EncodingType', r.query.get('encoding-type')),
        el('KeyCount', objects.length + page.commonPrefixes.length),
        el('IsTruncated', String(page.truncated)),
        opt('ContinuationToken', token),
        opt('NextContinuationToken', page.truncated && page.last ? encodeToken(page.last) : undefined),
        opt('StartAfter', startAfter && encode(startAfter)),
        objects.map((o) => contents(o, encode, fetchOwner, r)),
        commonPrefixes,
      ),
    );
    return;
  }
  sendXml(
    r,
    200,
    document(
      'ListBucketResult',
      shared,
      el('Marker', encode(startAfter ?? '')),
      // Without a delimiter clients continue from the last key; AWS only sends NextMarker with one.
      opt('NextMarker', page.truncated && delimiter && page.last ? encode(page.last.key) : undefined),
      el('MaxKeys', max),
      opt('Delimiter', delimiter && encode(delimiter)),
      opt('EncodingType', r.query.get('encoding-type')),
      el('IsTruncated', String(page.truncated)),
      objects.map((o) => contents(o, encode, fetchOwner, r)),
      commonPrefixes,
    ),
  );
}
