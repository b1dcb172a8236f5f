// Multipart uploads that were started and never completed or aborted: S3 keeps (and bills) their parts until a
// lifecycle rule or an abort removes them. Listed with their age and size for *Clean Up Incomplete Uploads…*.
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { classifyAwsError } from '../../errors';
import { validateBucketName } from '../../validation';
import { invalidInput, isNotFound, s3Error, s3Reason } from './errors';
import type { S3Port } from './regions';

export interface IncompleteUpload {
  key: string;
  uploadId: string;
  /** ms epoch. */
  initiated: number;
  /** Bytes held in its parts (undefined when ListParts was refused). */
  bytes: number | undefined;
  parts: number | undefined;
}

const MAX_LISTED = 1000;
const PAGE = 1000;

/** Parts' total size, bounded by S3's 10,000 parts; undefined when S3 refuses ListParts. */
async function partsOf(client: S3Port, bucket: string, key: string, uploadId: string, signal?: AbortSignal): Promise<{ bytes: number; parts: number } | undefined> {
  let bytes = 0;
  let parts = 0;
  let marker: string | undefined;
  for (let page = 0; page < 11; page++) {
    let out;
    try {
      out = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: PAGE, ...(marker ? { PartNumberMarker: marker } : {}) }), {
        abortSignal: signal,
      });
    } catch {
      return undefined;
    }
    for (const p of out.Parts ?? []) {
      bytes += p.Size ?? 0;
      parts++;
    }
    if (!out.IsTruncated || !out.NextPartNumberMarker) break;
    marker = out.NextPartNumberMarker;
  }
  return { bytes, parts };
}

/** The bucket's incomplete uploads under a prefix, oldest first (at most 1,000; `truncated` says when more exist). */
export async function listIncompleteUploads(
  client: S3Port,
  options: { bucket: string; prefix?: string; signal?: AbortSignal },
): Promise<{ uploads: IncompleteUpload[]; truncated: boolean }> {
  const { bucket, signal } = options;
  const problem = validateBucketName(bucket);
  if (problem) throw invalidInput(`Bucket "${bucket}": ${problem}`);
  const found: Array<Omit<IncompleteUpload, 'bytes' | 'parts'>> = [];
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  let truncated = false;
  try {
    for (let page = 0; page < MAX_LISTED / PAGE + 1; page++) {
      const out = await client.send(
        new ListMultipartUploadsCommand({
          Bucket: bucket,
          ...(options.prefix ? { Prefix: options.prefix } : {}),
          MaxUploads: PAGE,
          ...(keyMarker ? { KeyMarker: keyMarker } : {}),
          ...(idMarker ? { UploadIdMarker: idMarker } : {}),
        }),
        { abortSignal: signal },
      );
      for (const u of out.Uploads ?? []) {
        if (u.Key === undefined || !u.UploadId) continue;
        found.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated?.getTime() ?? 0 });
      }
      truncated = out.IsTruncated === true;
      if (!truncated || found.length >= MAX_LISTED) break;
      keyMarker = out.NextKeyMarker;
      idMarker = out.NextUploadIdMarker;
      if (!keyMarker) break;
    }
  } catch (e) {
    throw s3Error(e, { operation: 'list', bucket, key: options.prefix ?? '' });
  }
  const uploads: IncompleteUpload[] = [];
  for (const u of found.slice(0, MAX_LISTED)) {
    const parts = await partsOf(client, bucket, u.key, u.uploadId, signal);
    uploads.push({ ...u, bytes: parts?.bytes, parts: parts?.parts });
  }
  uploads.sort((a, b) => a.initiated - b.initiated || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { uploads, truncated: truncated || found.length > MAX_LISTED };
}

/** Aborts each upload; one that S3 no longer has counts as aborted. Failures are returned, never thrown. */
export async function abortIncompleteUploads(
  client: S3Port,
  bucket: string,
  uploads: ReadonlyArray<Pick<IncompleteUpload, 'key' | 'uploadId'>>,
  signal?: AbortSignal,
): Promise<{ aborted: string[]; failed: Array<{ key: string; uploadId: string; reason: string }> }> {
  const aborted: string[] = [];
  const failed: Array<{ key: string; uploadId: string; reason: string }> = [];
  for (const u of uploads) {
    if (signal?.aborted) break;
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }), { abortSignal: signal });
      aborted.push(u.uploadId);
    } catch (e) {
      if (isNotFound(e) || classifyAwsError(e).code === 'NoSuchUpload') aborted.push(u.uploadId);
      else failed.push({ ...u, reason: s3Reason(e, { operation: 'delete', bucket, key: u.key }) });
    }
  }
  return { aborted, failed };
}
