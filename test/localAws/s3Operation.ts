// Names S3 requests the way AWS documents its operations (PutObject, UploadPart, ListObjectsV2, …) from the
// method, the sub-resource query parameters and the copy header, so the request log reads like CloudTrail.
import type { IncomingHttpHeaders } from 'node:http';

export interface S3Target {
  bucket?: string;
  key?: string;
}

type Query = Record<string, string | string[]>;

/** Bucket and key of a request: virtual-host style (`<bucket>.localhost`, `<bucket>.s3.<host>`) or path style. */
export function s3Target(host: string | undefined, rawPath: string): S3Target {
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const virtual = /^(.+?)\.(?:localhost|s3[.-].+)$/.exec(hostname)?.[1];
  const segments = rawPath.replace(/^\//, '');
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  if (virtual) return segments === '' ? { bucket: virtual } : { bucket: virtual, key: decode(segments) };
  if (segments === '') return {};
  const slash = segments.indexOf('/');
  if (slash < 0 || slash === segments.length - 1) return { bucket: decode(slash < 0 ? segments : segments.slice(0, slash)) };
  return { bucket: decode(segments.slice(0, slash)), key: decode(segments.slice(slash + 1)) };
}

const BUCKET_SUBRESOURCES: Record<string, string> = {
  acl: 'BucketAcl',
  cors: 'BucketCors',
  encryption: 'BucketEncryption',
  lifecycle: 'BucketLifecycleConfiguration',
  policy: 'BucketPolicy',
  tagging: 'BucketTagging',
  versioning: 'BucketVersioning',
  website: 'BucketWebsite',
};

function bucketOperation(method: string, query: Query): string {
  const has = (name: string): boolean => name in query;
  if (method === 'POST') return has('delete') ? 'DeleteObjects' : 'PostObject';
  if (method === 'HEAD') return 'HeadBucket';
  if (method === 'GET') {
    if (has('location')) return 'GetBucketLocation';
    if (has('uploads')) return 'ListMultipartUploads';
    if (has('versions')) return 'ListObjectVersions';
    if (query['list-type'] === '2') return 'ListObjectsV2';
  }
  const sub = Object.keys(BUCKET_SUBRESOURCES).find(has);
  const verb = method === 'GET' ? 'Get' : method === 'PUT' ? 'Put' : method === 'DELETE' ? 'Delete' : undefined;
  if (sub && verb) return `${verb}${BUCKET_SUBRESOURCES[sub]}`;
  if (method === 'GET') return 'ListObjects';
  if (method === 'PUT') return 'CreateBucket';
  if (method === 'DELETE') return 'DeleteBucket';
  return 'Unknown';
}

function objectOperation(method: string, query: Query, headers: IncomingHttpHeaders): string {
  const has = (name: string): boolean => name in query;
  const copy = headers['x-amz-copy-source'] !== undefined;
  switch (method) {
    case 'GET':
      if (has('uploadId')) return 'ListParts';
      if (has('acl')) return 'GetObjectAcl';
      if (has('tagging')) return 'GetObjectTagging';
      if (has('attributes')) return 'GetObjectAttributes';
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (has('uploadId') && has('partNumber')) return copy ? 'UploadPartCopy' : 'UploadPart';
      if (has('tagging')) return 'PutObjectTagging';
      if (has('acl')) return 'PutObjectAcl';
      return copy ? 'CopyObject' : 'PutObject';
    case 'POST':
      if (has('uploads')) return 'CreateMultipartUpload';
      if (has('uploadId')) return 'CompleteMultipartUpload';
      if (has('restore')) return 'RestoreObject';
      return 'Unknown';
    case 'DELETE':
      if (has('uploadId')) return 'AbortMultipartUpload';
      if (has('tagging')) return 'DeleteObjectTagging';
      return 'DeleteObject';
    default:
      return 'Unknown';
  }
}

/** The S3 operation a request invokes. */
export function s3OperationName(method: string, query: Query, headers: IncomingHttpHeaders, target: S3Target): string {
  if (target.bucket === undefined) return method === 'GET' ? 'ListBuckets' : 'Unknown';
  if (target.key === undefined) return bucketOperation(method, query);
  return objectOperation(method, query, headers);
}
