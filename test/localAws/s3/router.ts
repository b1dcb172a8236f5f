// Maps method + bucket/key + sub-resource query to the S3 operation that answers it.
import { S3Error, methodNotAllowed, notImplemented } from './errors';
import { deleteBucket, createBucket, getBucketLocation, headBucket, listBuckets } from './ops/buckets';
import { copyObject } from './ops/copyObject';
import { listObjects } from './ops/listObjects';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './ops/multipart';
import { deleteObject, deleteObjects, getObject, putObject } from './ops/objects';
import { header, type S3Request } from './request';

export interface Route {
  operation: string;
  run(r: S3Request): Promise<void>;
}

/** Sub-resources S3 has but this endpoint does not serve: answered 501 rather than mistaken for a plain GET/PUT. */
const UNSUPPORTED_SUBRESOURCES = [
  'acl',
  'accelerate',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'versioning',
  'versions',
  'website',
];

function unsupported(r: S3Request): string | undefined {
  return UNSUPPORTED_SUBRESOURCES.find((name) => r.query.has(name));
}

const route = (operation: string, run: (r: S3Request) => Promise<void>): Route => ({ operation, run });

export function routeRequest(r: S3Request): Route {
  const { method, bucket, key, query } = r;
  if (bucket === undefined) {
    if (method === 'GET') return route('ListBuckets', listBuckets);
    throw methodNotAllowed(method, 'SERVICE');
  }
  const sub = unsupported(r);
  if (sub !== undefined) throw notImplemented(`?${sub}`);
  if (key === undefined) {
    switch (method) {
      case 'GET':
        if (query.has('location')) return route('GetBucketLocation', (x) => getBucketLocation(x, bucket));
        if (query.has('uploads')) return route('ListMultipartUploads', (x) => listMultipartUploads(x, bucket));
        if (query.get('list-type') === '2') return route('ListObjectsV2', (x) => listObjects(x, bucket, 2));
        return route('ListObjects', (x) => listObjects(x, bucket, 1));
      case 'HEAD':
        return route('HeadBucket', (x) => headBucket(x, bucket));
      case 'PUT':
        return route('CreateBucket', (x) => createBucket(x, bucket));
      case 'DELETE':
        return route('DeleteBucket', (x) => deleteBucket(x, bucket));
      case 'POST':
        if (query.has('delete')) return route('DeleteObjects', (x) => deleteObjects(x, bucket));
        throw notImplemented('browser POST uploads');
      default:
        throw methodNotAllowed(method, 'BUCKET');
    }
  }
  switch (method) {
    case 'GET':
      if (query.has('uploadId')) return route('ListParts', (x) => listParts(x, bucket, key));
      return route('GetObject', (x) => getObject(x, bucket, key, true));
    case 'HEAD':
      return route('HeadObject', (x) => getObject(x, bucket, key, false));
    case 'PUT': {
      const copySource = header(r.headers, 'x-amz-copy-source');
      if (query.has('uploadId') || query.has('partNumber')) {
        if (copySource !== undefined) throw notImplemented('UploadPartCopy');
        return route('UploadPart', (x) => uploadPart(x, bucket, key));
      }
      if (copySource !== undefined) return route('CopyObject', (x) => copyObject(x, bucket, key, copySource));
      return route('PutObject', (x) => putObject(x, bucket, key));
    }
    case 'DELETE':
      if (query.has('uploadId')) return route('AbortMultipartUpload', (x) => abortMultipartUpload(x, bucket, key));
      return route('DeleteObject', (x) => deleteObject(x, bucket, key));
    case 'POST':
      if (query.has('uploads')) return route('CreateMultipartUpload', (x) => createMultipartUpload(x, bucket, key));
      if (query.has('uploadId')) return route('CompleteMultipartUpload', (x) => completeMultipartUpload(x, bucket, key));
      throw new S3Error('InvalidRequest', 400, 'POST on an object needs ?uploads or ?uploadId.');
    default:
      throw methodNotAllowed(method, 'OBJECT');
  }
}
