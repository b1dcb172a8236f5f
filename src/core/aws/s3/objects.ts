// Single-object actions and deleting a prefix: HeadObject, DeleteObject, batched DeleteObjects, folder markers,
// CopyObject. Writes carry the chain's server-side encryption like uploads do.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { isCancelled } from '../../errors';
import { validateBucketName, validateObjectKey } from '../../validation';
import { invalidInput, isNotFound, s3Error } from './errors';
import { listAllObjects } from './list';
import { NO_SSE, sseParams, validateSse, type SseOptions } from './sse';
import type { S3Port } from './regions';

function check(bucket: string, key?: string): void {
  const problem = validateBucketName(bucket) ?? (key === undefined ? undefined : validateObjectKey(key));
  if (problem) throw invalidInput(problem);
}

export interface ObjectInfo {
  size: number;
  lastModified?: number;
  etag?: string;
  contentType?: string;
  /** 'AES256' or 'aws:kms' as S3 reports it; absent when S3 says nothing. */
  serverSideEncryption?: string;
  kmsKeyId?: string;
  storageClass?: string;
}

/** HeadObject: the object's metadata, or undefined when there is no such key. */
export async function statObject(client: S3Port, bucket: string, key: string, signal?: AbortSignal): Promise<ObjectInfo | undefined> {
  check(bucket, key);
  try {
    const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return {
      size: out.ContentLength ?? 0,
      ...(out.LastModified ? { lastModified: out.LastModified.getTime() } : {}),
      ...(out.ETag ? { etag: out.ETag } : {}),
      ...(out.ContentType ? { contentType: out.ContentType } : {}),
      ...(out.ServerSideEncryption ? { serverSideEncryption: out.ServerSideEncryption } : {}),
      ...(out.SSEKMSKeyId ? { kmsKeyId: out.SSEKMSKeyId } : {}),
      ...(out.StorageClass ? { storageClass: out.StorageClass } : {}),
    };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw s3Error(e, { operation: 'head', bucket, key });
  }
}

export async function deleteObject(client: S3Port, bucket: string, key: string, signal?: AbortSignal): Promise<void> {
  check(bucket, key);
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  } catch (e) {
    throw s3Error(e, { operation: 'delete', bucket, key });
  }
}

export interface DeletePrefixResult {
  deleted: number;
  /** Keys S3 refused to delete, with its reason; the others are gone. */
  errors: Array<{ key: string; code: string; message: string }>;
  cancelled: boolean;
}

/**
 * Deletes every object under a prefix (folder markers included) with DeleteObjects, ≤ 1,000 keys per request.
 * The prefix is used exactly as it was listed and counted: the blank folder 'a//' is not 'a/', so a normalised copy
 * would delete more than the confirmation said. It must name a folder ('logs/': 'logs' would also take 'logs.txt');
 * the whole bucket is refused. Call countPrefix with the same prefix first to show the count in the confirmation.
 */
export async function deletePrefix(
  client: S3Port,
  options: { bucket: string; prefix: string; signal?: AbortSignal; onProgress?: (deleted: number) => void },
): Promise<DeletePrefixResult> {
  const { bucket, signal } = options;
  check(bucket);
  const { prefix } = options;
  if (prefix === '') throw invalidInput('Deleting a whole bucket\'s contents is not offered: choose a folder (a prefix ending in "/").');
  if (!prefix.endsWith('/')) throw invalidInput(`"${prefix}" is not a folder: a prefix to delete ends in "/".`);
  const result: DeletePrefixResult = { deleted: 0, errors: [], cancelled: false };
  try {
    for await (const page of listAllObjects(client, { bucket, prefix, ...(signal ? { signal } : {}) })) {
      for (let i = 0; i < page.length; i += 1000) {
        const batch = page.slice(i, i + 1000);
        let out;
        try {
          out = await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((o) => ({ Key: o.key })), Quiet: true } }),
            { abortSignal: signal },
          );
        } catch (e) {
          throw s3Error(e, { operation: 'delete', bucket, key: prefix });
        }
        const failed = out.Errors ?? [];
        for (const err of failed) {
          result.errors.push({ key: err.Key ?? '', code: err.Code ?? 'Error', message: err.Message ?? '' });
        }
        result.deleted += batch.length - failed.length;
        options.onProgress?.(result.deleted);
      }
    }
  } catch (e) {
    if (signal?.aborted || isCancelled(e)) return { ...result, cancelled: true };
    throw e;
  }
  return result;
}

/**
 * A folder is a zero-byte object whose key ends in '/' (what the S3 console creates). The prefix is kept as given
 * (a trailing '/' added): a folder made inside the blank folder 'a//' stays inside it.
 */
export async function createFolder(
  client: S3Port,
  options: { bucket: string; prefix: string; sse?: SseOptions; signal?: AbortSignal; chainName?: string },
): Promise<{ key: string }> {
  const key = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  const sse = options.sse ?? NO_SSE;
  if (key === '/') throw invalidInput('Enter a folder name.');
  check(options.bucket, key);
  const sseProblem = validateSse(sse);
  if (sseProblem) throw invalidInput(sseProblem);
  try {
    await client.send(
      new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: new Uint8Array(0), ...sseParams(sse) }),
      { abortSignal: options.signal },
    );
  } catch (e) {
    throw s3Error(e, { operation: 'create-folder', bucket: options.bucket, key, sse, ...(options.chainName ? { chainName: options.chainName } : {}) });
  }
  return { key };
}

/** CopySource is `bucket/key` with the key URL-encoded ('/' kept), as S3 expects. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Server-side copy (objects up to 5 GB), encrypted as the chain asks. */
export async function copyObject(
  client: S3Port,
  options: { bucket: string; key: string; targetBucket?: string; targetKey: string; sse?: SseOptions; signal?: AbortSignal; chainName?: string },
): Promise<{ etag?: string }> {
  const targetBucket = options.targetBucket ?? options.bucket;
  const sse = options.sse ?? NO_SSE;
  check(options.bucket, options.key);
  check(targetBucket, options.targetKey);
  const sseProblem = validateSse(sse);
  if (sseProblem) throw invalidInput(sseProblem);
  try {
    const out = await client.send(
      new CopyObjectCommand({ Bucket: targetBucket, Key: options.targetKey, CopySource: copySource(options.bucket, options.key), ...sseParams(sse) }),
      { abortSignal: options.signal },
    );
    return out.CopyObjectResult?.ETag ? { etag: out.CopyObjectResult.ETag } : {};
  } catch (e) {
    throw s3Error(e, { operation: 'copy', bucket: targetBucket, key: options.targetKey, sse, ...(options.chainName ? { chainName: options.chainName } : {}) });
  }
}
