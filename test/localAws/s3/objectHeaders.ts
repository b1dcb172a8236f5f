// Object attributes from request headers (content headers, x-amz-meta-*, SSE, storage class) and back to
// response headers for GET/HEAD.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { S3Error, invalidArgument, notImplemented } from './errors';
import { header } from './request';
import type { ContentHeaders, ObjectAttributes, ObjectRecord, Sse } from './storage';

const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'EXPRESS_ONEZONE',
];

const MAX_USER_METADATA = 2048;

export function parseSse(headers: IncomingHttpHeaders): Sse | undefined {
  if (header(headers, 'x-amz-server-side-encryption-customer-algorithm') !== undefined) {
    throw notImplemented('SSE-C');
  }
  const algorithm = header(headers, 'x-amz-server-side-encryption');
  const keyId = header(headers, 'x-amz-server-side-encryption-aws-kms-key-id');
  const bucketKey = header(headers, 'x-amz-server-side-encryption-bucket-key-enabled');
  if (algorithm === undefined) {
    if (keyId !== undefined) {
      throw invalidArgument(
        'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
        'x-amz-server-side-encryption',
        '',
      );
    }
    return undefined;
  }
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') {
    throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', algorithm);
  }
  if (algorithm === 'AES256' && keyId !== undefined) {
    throw invalidArgument(
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      'x-amz-server-side-encryption',
      algorithm,
    );
  }
  const sse: Sse = { algorithm };
  if (algorithm !== 'AES256') sse.kmsKeyId = keyId;
  if (bucketKey !== undefined) sse.bucketKeyEnabled = bucketKey.toLowerCase() === 'true';
  return sse;
}

/** Completes an aws:kms setting without a key the way S3 does: the account's aws/s3 managed key. */
export function withDefaultKmsKey(sse: Sse | undefined, region: string, account: string): Sse | undefined {
  if (!sse || sse.algorithm === 'AES256' || sse.kmsKeyId) return sse;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return { ...sse, kmsKeyId: `arn:${partition}:kms:${region}:${account}:alias/aws/s3` };
}

export function sseHeaders(sse: Sse | undefined): OutgoingHttpHeaders {
  if (!sse) return {};
  const out: OutgoingHttpHeaders = { 'x-amz-server-side-encryption': sse.algorithm };
  if (sse.kmsKeyId) out['x-amz-server-side-encryption-aws-kms-key-id'] = sse.kmsKeyId;
  if (sse.bucketKeyEnabled !== undefined) out['x-amz-server-side-encryption-bucket-key-enabled'] = String(sse.bucketKeyEnabled);
  return out;
}

export function parseContentHeaders(headers: IncomingHttpHeaders): ContentHeaders {
  // aws-chunked is transfer framing, not a property of the object.
  const encoding = (header(headers, 'content-encoding') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked')
    .join(',');
  return {
    contentType: header(headers, 'content-type') ?? 'binary/octet-stream',
    contentEncoding: encoding === '' ? undefined : encoding,
    contentDisposition: header(headers, 'content-disposition'),
    contentLanguage: header(headers, 'content-language'),
    cacheControl: header(headers, 'cache-control'),
    expires: header(headers, 'expires'),
  };
}

export function parseUserMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    const short = name.slice('x-amz-meta-'.length);
    meta[short] = text;
    size += Buffer.byteLength(short) + Buffer.byteLength(text);
  }
  if (size > MAX_USER_METADATA) {
    throw new S3Error('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size', {
      Size: size,
      MaxSizeAllowed: MAX_USER_METADATA,
    });
  }
  return meta;
}

export function parseStorageClass(headers: IncomingHttpHeaders): string {
  const value = header(headers, 'x-amz-storage-class') ?? 'STANDARD';
  if (!STORAGE_CLASSES.includes(value)) throw new S3Error('InvalidStorageClass', 400, 'The storage class you specified is not valid', { StorageClassRequested: value });
  return value;
}

export function parseAttributes(headers: IncomingHttpHeaders, sse: Sse | undefined): ObjectAttributes {
  return {
    headers: parseContentHeaders(headers),
    userMetadata: parseUserMetadata(headers),
    sse,
    storageClass: parseStorageClass(headers),
  };
}

/** Headers describing a stored object (GET and HEAD). */
export function objectHeaders(object: ObjectRecord): OutgoingHttpHeaders {
  const h = object.headers;
  const out: OutgoingHttpHeaders = {
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'content-type': h.contentType,
    'accept-ranges': 'bytes',
    ...sseHeaders(object.sse),
  };
  if (h.contentEncoding) out['content-encoding'] = h.contentEncoding;
  if (h.contentDisposition) out['content-disposition'] = h.contentDisposition;
  if (h.contentLanguage) out['content-language'] = h.contentLanguage;
  if (h.cacheControl) out['cache-control'] = h.cacheControl;
  if (h.expires) out.expires = h.expires;
  if (object.storageClass !== 'STANDARD') out['x-amz-storage-class'] = object.storageClass;
  for (const [name, value] of Object.entries(object.userMetadata)) out[`x-amz-meta-${name}`] = value;
  return out;
}

/** response-content-type & co. on GET override the stored headers (presigned download links use them). */
export function applyResponseOverrides(out: OutgoingHttpHeaders, query: Map<string, string>): void {
  const overrides: Array<[string, string]> = [
    ['response-content-type', 'content-type'],
    ['response-content-language', 'content-language'],
    ['response-expires', 'expires'],
    ['response-cache-control', 'cache-control'],
    ['response-content-disposition', 'content-disposition'],
    ['response-content-encoding', 'content-encoding'],
  ];
  for (const [param, name] of overrides) {
    const value = query.get(param);
    if (value !== undefined) out[name] = value;
  }
}
