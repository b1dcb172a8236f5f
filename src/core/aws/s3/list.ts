// Listing: buckets (a denied ListAllMyBuckets is a result, not an error), one page of a prefix, and every object
// under a prefix for downloads, deletes and counts. Every loop is bounded by its page count.
import { HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { classifyAwsError } from '../../errors';
import { validateBucketName } from '../../validation';
import { invalidInput, s3Error, s3Reason } from './errors';
import { rememberBucketRegion, type S3Port } from './regions';

export interface BucketSummary {
  name: string;
  creationDate?: number; // ms epoch
  region?: string;
}

export type ListBucketsResult = { denied: false; buckets: BucketSummary[] } | { denied: true; message: string };

export interface ObjectSummary {
  key: string;
  size: number;
  lastModified?: number; // ms epoch
  etag?: string;
  storageClass?: string;
}

export interface ListPage {
  /** Sub-prefixes ("folders"), each ending in the delimiter. */
  prefixes: string[];
  /** Objects directly under the prefix (the prefix's own folder marker left out). */
  objects: ObjectSummary[];
  /** Pass back as continuationToken for the next page; absent on the last page. */
  nextToken?: string;
}

export interface ListPageOptions {
  bucket: string;
  prefix?: string;
  /** '/' for a folder view; '' for every key under the prefix. */
  delimiter?: string;
  /** 1–1000 keys and prefixes per page (S3's maximum is 1,000). */
  pageSize?: number;
  continuationToken?: string;
  signal?: AbortSignal;
}

const MAX_BUCKET_PAGES = 1_000;

function checkBucket(bucket: string): void {
  const problem = validateBucketName(bucket);
  if (problem) throw invalidInput(`Bucket "${bucket}": ${problem}`);
}

/**
 * The buckets the session may list. Roles from another account often may not call ListAllMyBuckets: that comes
 * back as `{ denied: true, message }` so the view can show a row with *Add Bucket by Name…* instead of an error.
 */
export async function listBuckets(client: S3Port, signal?: AbortSignal): Promise<ListBucketsResult> {
  const buckets: BucketSummary[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_BUCKET_PAGES; page++) {
    let out;
    try {
      out = await client.send(new ListBucketsCommand({ ...(token ? { ContinuationToken: token } : {}) }), { abortSignal: signal });
    } catch (e) {
      if (classifyAwsError(e).kind === 'access-denied') {
        return {
          denied: true,
          message: `${s3Reason(e, { operation: 'list' })} This role may not list all buckets (s3:ListAllMyBuckets); add the buckets it uses by name.`,
        };
      }
      throw s3Error(e, { operation: 'list' });
    }
    for (const b of out.Buckets ?? []) {
      if (!b.Name) continue;
      rememberBucketRegion(client, b.Name, b.BucketRegion);
      buckets.push({
        name: b.Name,
        ...(b.CreationDate ? { creationDate: b.CreationDate.getTime() } : {}),
        ...(b.BucketRegion ? { region: b.BucketRegion } : {}),
      });
    }
    token = out.ContinuationToken;
    if (!token) break;
  }
  buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { denied: false, buckets };
}

/** One page of a prefix: sub-prefixes and objects, with the token for the next page. */
export async function listPage(client: S3Port, options: ListPageOptions): Promise<ListPage> {
  checkBucket(options.bucket);
  const prefix = options.prefix ?? '';
  const delimiter = options.delimiter ?? '/';
  const pageSize = Math.min(Math.max(Math.floor(options.pageSize ?? 1000), 1), 1000);
  let out;
  try {
    out = await client.send(
      new ListObjectsV2Command({
        Bucket: options.bucket,
        ...(prefix ? { Prefix: prefix } : {}),
        ...(delimiter ? { Delimiter: delimiter } : {}),
        MaxKeys: pageSize,
        ...(options.continuationToken ? { ContinuationToken: options.continuationToken } : {}),
      }),
      { abortSignal: options.signal },
    );
  } catch (e) {
    throw s3Error(e, { operation: 'list', bucket: options.bucket, key: prefix });
  }
  const prefixes = (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => typeof p === 'string');
  const objects: ObjectSummary[] = [];
  for (const o of out.Contents ?? []) {
    if (o.Key === undefined || (o.Key === prefix && prefix !== '')) continue;
    objects.push({
      key: o.Key,
      size: o.Size ?? 0,
      ...(o.LastModified ? { lastModified: o.LastModified.getTime() } : {}),
      ...(o.ETag ? { etag: o.ETag } : {}),
      ...(o.StorageClass ? { storageClass: o.StorageClass } : {}),
    });
  }
  return { prefixes, objects, ...(out.IsTruncated && out.NextContinuationToken ? { nextToken: out.NextContinuationToken } : {}) };
}

/**
 * Every object under a prefix (no delimiter), page by page, the prefix's own folder marker included (a delete must
 * remove it too). Pages continue with StartAfter (the last key seen) rather than a continuation token, so deleting
 * each page before asking for the next one cannot make a store skip keys. Stops after `maxPages` pages.
 */
export async function* listAllObjects(
  client: S3Port,
  options: { bucket: string; prefix: string; signal?: AbortSignal; maxPages?: number },
): AsyncGenerator<ObjectSummary[]> {
  checkBucket(options.bucket);
  const maxPages = options.maxPages ?? 100_000;
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    let out;
    try {
      out = await client.send(
        new ListObjectsV2Command({
          Bucket: options.bucket,
          ...(options.prefix ? { Prefix: options.prefix } : {}),
          MaxKeys: 1000,
          ...(after !== undefined ? { StartAfter: after } : {}),
        }),
        { abortSignal: options.signal },
      );
    } catch (e) {
      throw s3Error(e, { operation: 'list', bucket: options.bucket, key: options.prefix });
    }
    const objects: ObjectSummary[] = [];
    for (const o of out.Contents ?? []) {
      if (o.Key === undefined) continue;
      objects.push({
        key: o.Key,
        size: o.Size ?? 0,
        ...(o.LastModified ? { lastModified: o.LastModified.getTime() } : {}),
        ...(o.ETag ? { etag: o.ETag } : {}),
      });
    }
    const last = objects[objects.length - 1];
    if (objects.length > 0) yield objects;
    if (!out.IsTruncated || !last) return;
    after = last.key;
  }
}

/** How many objects (and bytes) a prefix holds, e.g. for "Delete 2,500 objects under logs/?". */
export async function countPrefix(
  client: S3Port,
  options: { bucket: string; prefix: string; signal?: AbortSignal },
): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  for await (const page of listAllObjects(client, options)) {
    objects += page.length;
    for (const o of page) bytes += o.size;
  }
  return { objects, bytes };
}

/** The bucket's region (HeadBucket), or undefined when S3 will not say (e.g. denied). */
export async function bucketRegion(client: S3Port, bucket: string, signal?: AbortSignal): Promise<string | undefined> {
  checkBucket(bucket);
  try {
    const out = await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
    return out.BucketRegion;
  } catch {
    return undefined;
  }
}
