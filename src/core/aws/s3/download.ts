// Downloads: one object → one file, a prefix → a folder tree. Each file is streamed into a temporary file beside
// its target and renamed at the end, so a cancelled or failed download never leaves a half-written file under the
// real name (and never replaces a good one).
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createWriteStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, } from '@aws-sdk/client-s3';
import { CancelledError, isCancelled } from '../../errors';
import { systemClock, type Clock } from '../../clock';
import { localSegmentsFor, normalizePrefix } from '../../s3Keys';
import { BatchProgress, runPool, throttle, type BatchProgressReport } from '../../transfer';
import { validateBucketName, validateObjectKey } from '../../validation';
import { invalidInput, s3Error, s3Reason } from './errors';
import { listAllObjects, type ObjectSummary } from './list';
import type { S3Port } from './regions';

export interface DownloadObjectOptions {
  client: S3Port;
  bucket: string;
  key: string;
  /** The file to write (its folder is created if missing; an existing file is replaced at the end). */
  targetPath: string;
  signal?: AbortSignal;
  /** Bytes written so far and the object's size (when S3 says it). */
  onBytes?: (bytesDone: number, bytesTotal: number | undefined) => void;
}

function tempNameFor(targetPath: string): string {
  return path.join(path.dirname(targetPath), `.${path.basename(targetPath)}.${randomBytes(4).toString('hex')}.download`);
}

/** Downloads one object to a file. Throws CancelledError on cancel (the temporary file is removed). */
export async function downloadObject(options: DownloadObjectOptions): Promise<{ path: string; bytes: number }> {
  const { client, bucket, key, targetPath, signal } = options;
  const problem = validateBucketName(bucket) ?? validateObjectKey(key);
  if (problem) throw invalidInput(problem);
  if (signal?.aborted) throw new CancelledError(`Download of ${key} cancelled.`);

  await fsp.mkdir(path.dirname(targetPath), { recursive: true });
  let out;
  try {
    out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  } catch (e) {
    throw s3Error(e, { operation: 'download', bucket, key });
  }
  const body = out.Body;
  if (!(body instanceof Readable)) throw s3Error(new Error('S3 returned no readable body'), { operation: 'download', bucket, key });
  const total = out.ContentLength;
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done): void {
      written += chunk.length;
      options.onBytes?.(written, total);
      done(null, chunk);
    },
  });
  const temp = tempNameFor(targetPath);
  try {
    await pipeline(body, counter, createWriteStream(temp, { flags: 'wx' }), signal ? { signal } : {});
    if (total !== undefined && written !== total) {
      throw s3Error(new Error(`received ${written} of ${total} bytes`), { operation: 'download', bucket, key });
    }
    await fsp.rename(temp, targetPath);
  } catch (e) {
    body.destroy();
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    if (signal?.aborted || isCancelled(e)) throw new CancelledError(`Download of ${key} cancelled.`, { cause: e });
    throw s3Error(e, { operation: 'download', bucket, key });
  }
  return { path: targetPath, bytes: written };
}

export interface DownloadPrefixOptions {
  client: S3Port;
  bucket: string;
  /** Everything under this prefix ('' = the whole bucket) is downloaded. */
  prefix: string;
  /** The folder that receives the prefix's contents (keys relative to the prefix become relative paths). */
  targetDir: string;
  signal?: AbortSignal;
  concurrency?: number;
  onProgress?: (progress: BatchProgressReport) => void;
  clock?: Clock;
}

export interface DownloadPrefixResult {
  downloaded: Array<{ key: string; path: string }>;
  /** Keys that cannot be written safely ('..', empty segments…): left out, with the reason. */
  skipped: Array<{ key: string; reason: string }>;
  failed: Array<{ key: string; path: string; reason: string }>;
  cancelled: boolean;
}

/**
 * Downloads every object under a prefix into a folder, keeping the key structure. Lists first (so the total is
 * known), then downloads a few objects at once. Keys that would escape the folder are skipped, never followed.
 */
export async function downloadPrefix(options: DownloadPrefixOptions): Promise<DownloadPrefixResult> {
  // Each download in flight listens twice (request and file pipeline); a private signal can take that many.
  const inner = new AbortController();
  setMaxListeners(1000, inner.signal);
  const onAbort = (): void => inner.abort();
  if (options.signal?.aborted) inner.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await downloadAll(options, inner.signal);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function downloadAll(options: DownloadPrefixOptions, signal: AbortSignal): Promise<DownloadPrefixResult> {
  const { client, bucket } = options;
  const bucketProblem = validateBucketName(bucket);
  if (bucketProblem) throw invalidInput(bucketProblem);
  const prefix = normalizePrefix(options.prefix);
  const root = path.resolve(options.targetDir);
  const result: DownloadPrefixResult = { downloaded: [], skipped: [], failed: [], cancelled: false };

  const objects: ObjectSummary[] = [];
  try {
    for await (const page of listAllObjects(client, { bucket, prefix, signal })) objects.push(...page);
  } catch (e) {
    if (signal.aborted || isCancelled(e)) return { ...result, cancelled: true };
    throw e;
  }

  const files: Array<{ key: string; size: number; path: string }> = [];
  const folders = new Set<string>();
  for (const o of objects) {
    const segments = localSegmentsFor(prefix, o.key);
    if (segments === undefined) {
      result.skipped.push({ key: o.key, reason: `"${o.key}" cannot be saved as a file inside ${root} (it has '..', '.', '\\' or empty segments).` });
      continue;
    }
    const local = path.join(root, ...segments);
    if (o.key.endsWith('/')) {
      folders.add(local); // a folder marker: an empty folder
    } else if (segments.length === 0) {
      result.skipped.push({ key: o.key, reason: `"${o.key}" names no file.` });
    } else {
      files.push({ key: o.key, size: o.size, path: local });
    }
  }
  for (const dir of [...folders].sort()) {
    await fsp.mkdir(dir, { recursive: true }).catch((e: unknown) => {
      result.failed.push({ key: dir, path: dir, reason: `Could not create the folder ${dir}: ${String(e)}` });
    });
  }

  const progress = new BatchProgress(files.map((f) => ({ id: f.key, size: f.size })));
  const emitter = throttle<BatchProgressReport>((p) => options.onProgress?.(p), options.clock ?? systemClock, 100);
  const report = (): void => emitter.push(progress.report());
  report();
  try {
    await runPool(
      files,
      options.concurrency ?? 4,
      async (file) => {
        progress.started(file.key);
        report();
        try {
          await downloadObject({
            client,
            bucket,
            key: file.key,
            targetPath: file.path,
            signal,
            onBytes: (n) => {
              progress.bytes(file.key, n);
              report();
            },
          });
          result.downloaded.push({ key: file.key, path: file.path });
        } catch (e) {
          if (!isCancelled(e)) result.failed.push({ key: file.key, path: file.path, reason: s3Reason(e, { operation: 'download', bucket, key: file.key }) });
        } finally {
          progress.finish(file.key);
          report();
        }
      },
      () => signal.aborted,
    );
  } finally {
    for (const f of files) progress.finish(f.key);
    emitter.push(progress.report());
    emitter.flush();
    emitter.dispose();
  }
  result.cancelled = signal.aborted;
  return result;
}
