// A batch of local files → S3 objects: overwrite decisions, then each file through the engine in fileUpload.ts
// (one PUT when small, streamed multipart when large) with every request of the batch sharing one set of slots,
// server-side encryption on every write, progress in acknowledged bytes, a cancel that leaves no multipart upload
// behind, and interrupted uploads remembered for *Resume*. One file's failure never stops the rest.
import { setMaxListeners } from 'node:events';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { toUserMessage } from '../../errorMessages';
import { isCancelled } from '../../errors';
import { systemClock, type Clock } from '../../clock';
import { Limiter } from '../../limiter';
import { OverwriteQuestions, type OverwriteDecision } from '../../overwrite';
import { partSizeFor } from '../../s3Math';
import { BatchProgress, throttle, type BatchProgressReport } from '../../batchProgress';
import { planBatch, runPool, type UploadItem } from '../../transfer';
import { validateBucketName } from '../../validation';
import { contentTypeFor } from './contentType';
import { httpStatus, invalidInput, isNotFound, s3Reason } from './errors';
import { uploadFile } from './fileUpload';
import { verifiesChecksums, type S3Port } from './regions';
import type { ResumeStore } from './resume';
import { validateSse, type SseOptions } from './sse';

export type { OverwriteDecision } from '../../overwrite';

export interface UploadBatchOptions {
  items: readonly UploadItem[];
  bucket: string;
  sse: SseOptions;
  client: S3Port;
  signal?: AbortSignal;
  /**
   * Requests in flight for the whole batch, parts and small files alike (default 16: enough to fill a long, fat
   * link). Parts are streamed from the file in 256 KiB reads, so memory grows with this number, not the part size.
   */
  maxRequests?: number;
  /** Files started at once (default: maxRequests, so a folder of small files fills the slots too). */
  concurrency?: number;
  /** Part size for a file of a given size (default partSizeFor: 8 MiB, grown to stay within 10,000 parts). */
  partSize?: (fileSize: number) => number;
  /** Files of at least this size go multipart (default 8 MiB). */
  multipartThreshold?: number;
  /** CRC32 per part, verified by S3 (default: yes, unless the client was made for a store set to checksumWhenRequired). */
  checksums?: boolean;
  /** Interrupted multipart uploads are remembered here and resumed from here. */
  resume?: ResumeStore;
  /** Recorded with each resumable upload, so the editor can offer *Resume* once this session is back. */
  owner?: { chainName: string; stepIndex: number };
  /** At most ~10 calls a second, and a final one when the batch ends. */
  onProgress?: (progress: BatchProgressReport) => void;
  /**
   * Asked (one question at a time) when HeadObject finds the key already there; 'overwrite-all' stops the
   * questions for the rest of the batch, 'cancel' cancels the batch. Absent: existing objects are overwritten
   * without a HeadObject.
   */
  decideOverwrite?: (key: string) => Promise<OverwriteDecision>;
  clock?: Clock;
  /** Named in messages that point to the chain's s3 settings. */
  chainName?: string;
}

export interface UploadedItem {
  localPath: string;
  key: string;
  etag?: string;
  /** Bytes an earlier, interrupted attempt had already uploaded (0 for a fresh upload). */
  resumedBytes: number;
}

export interface UploadFailure {
  localPath: string;
  key: string;
  size: number;
  reason: string;
  /** The multipart upload was kept: trying again resumes it. */
  resumable?: boolean;
}

export interface UploadBatchResult {
  uploaded: UploadedItem[];
  /** Existing objects the person chose to keep. */
  skipped: UploadItem[];
  failed: UploadFailure[];
  /** True when the batch was cancelled (the signal, or 'cancel' at an overwrite question). */
  cancelled: boolean;
  /** Items not uploaded because of the cancel (never started, or aborted mid-way): what *Retry* would send. */
  notUploaded: UploadItem[];
}

const DEFAULT_MAX_REQUESTS = 16;
const DEFAULT_MULTIPART_THRESHOLD = 8 * 1024 * 1024;

const FS_CODES: Record<string, string> = {
  ENOENT: 'the file no longer exists',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  EIO: 'an input/output error occurred',
  EMFILE: 'too many open files',
};

function fsCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code in FS_CODES ? code : undefined;
}

/** Proves the path is a readable regular file before any request; returns its current size. */
async function checkReadable(localPath: string): Promise<{ size: number; mtimeMs: number } | { problem: string }> {
  let handle: fsp.FileHandle | undefined;
  try {
    // stat before open: opening a named pipe for reading would wait for a writer forever.
    const st = await fsp.stat(localPath);
    if (!st.isFile()) return { problem: `Cannot upload ${localPath}: it is not a regular file. Nothing was sent.` };
    handle = await fsp.open(localPath, 'r');
    const opened = await handle.stat();
    return { size: opened.size, mtimeMs: opened.mtimeMs };
  } catch (e) {
    const code = fsCode(e);
    return { problem: `Cannot read ${localPath}: ${code ? FS_CODES[code] : String(e)}. Nothing was sent.` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Uploads a batch. Bad input for the whole batch (bucket name, SSE options) throws a validation error before any
 * request; a bad item (key over 1,024 bytes, a file that vanished or cannot be read) fails alone, with no request.
 */
export async function uploadBatch(options: UploadBatchOptions): Promise<UploadBatchResult> {
  const { bucket, client, sse } = options;
  const bucketProblem = validateBucketName(bucket);
  if (bucketProblem) throw invalidInput(`Bucket "${bucket}": ${bucketProblem}`);
  const sseProblem = validateSse(sse);
  if (sseProblem) throw invalidInput(sseProblem);

  const result: UploadBatchResult = { uploaded: [], skipped: [], failed: [], cancelled: false, notUploaded: [] };
  const planned = planBatch(options.items);
  for (const p of planned.problems) {
    const item = options.items.find((i) => i.localPath === p.path);
    result.failed.push({ localPath: p.path, key: item?.key ?? '', size: item?.size ?? 0, reason: `${p.reason} Nothing was sent.` });
  }
  const items = planned.items;

  // One controller for the batch: the caller's signal and a 'cancel' answer both stop it.
  const stop = new AbortController();
  // Every file in flight listens to it (its own abort and its HeadObject): more than Node's default of 10.
  setMaxListeners(1000, stop.signal);
  const onCallerAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const progress = new BatchProgress(items.map((i) => ({ id: i.key, size: i.size })));
  const clock = options.clock ?? systemClock;
  const emitter = throttle<BatchProgressReport>((p) => options.onProgress?.(p), clock, 100);
  const report = (): void => emitter.push(progress.report());
  const questions = new OverwriteQuestions(options.decideOverwrite);
  // No question will be asked (so no HeadObject is needed) without a way to ask, or after *Overwrite All*.
  const silent = (): boolean => options.decideOverwrite === undefined || questions.allChosen;
  const partSize = options.partSize ?? ((size: number) => partSizeFor(size));
  const limiter = new Limiter(Math.max(1, Math.floor(options.maxRequests ?? DEFAULT_MAX_REQUESTS)));
  const started = new Set<string>();

  const fail = (item: UploadItem, reason: string): void => {
    result.failed.push({ localPath: item.localPath, key: item.key, size: item.size, reason });
  };

  const uploadOne = async (item: UploadItem): Promise<void> => {
    started.add(item.key);
    progress.started(item.key);
    report();
    try {
      const readable = await checkReadable(item.localPath);
      if ('problem' in readable) return fail(item, readable.problem);

      // An interrupted upload of this very file is resumed without asking again: the person chose when it started.
      const resuming = options.resume?.find(bucket, item.key, item.localPath) !== undefined;
      if (!silent() && !resuming) {
        let exists = false;
        try {
          await client.send(new HeadObjectCommand({ Bucket: bucket, Key: item.key }), { abortSignal: stop.signal });
          exists = true;
        } catch (e) {
          if (stop.signal.aborted) return void result.notUploaded.push(item);
          // 403: the role may write but not read; the PUT itself will tell whether it is allowed.
          if (!isNotFound(e) && httpStatus(e) !== 403) {
            return fail(item, s3Reason(e, { operation: 'head', bucket, key: item.key, chainName: options.chainName }));
          }
        }
        if (exists) {
          let decision: OverwriteDecision;
          try {
            decision = await questions.ask(item.key);
          } catch (e) {
            if (!isCancelled(e)) return fail(item, `Could not ask whether to overwrite ${item.key}: ${toUserMessage(e)}`);
            decision = 'cancel';
          }
          if (stop.signal.aborted) return void result.notUploaded.push(item);
          if (decision === 'cancel') {
            stop.abort();
            return void result.notUploaded.push(item);
          }
          if (decision === 'skip') return void result.skipped.push(item);
        }
      }
      if (stop.signal.aborted) return void result.notUploaded.push(item);
      await sendFile(item, readable);
    } finally {
      progress.finish(item.key);
      report();
    }
  };

  const sendFile = async (item: UploadItem, file: { size: number; mtimeMs: number }): Promise<void> => {
    const contentType = contentTypeFor(path.basename(item.localPath));
    const size = file.size;
    const outcome = await uploadFile({
      client,
      bucket,
      key: item.key,
      localPath: item.localPath,
      size,
      mtimeMs: file.mtimeMs,
      sse,
      ...(contentType ? { contentType } : {}),
      partSize: partSize(size),
      multipartThreshold: options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD,
      checksums: options.checksums ?? verifiesChecksums(client),
      limiter,
      signal: stop.signal,
      onAcked: (bytes) => {
        progress.bytes(item.key, bytes);
        report();
      },
      ...(options.resume ? { resume: options.resume } : {}),
      ...(options.owner ? { owner: options.owner } : {}),
      clock,
    });
    switch (outcome.status) {
      case 'uploaded':
        result.uploaded.push({ localPath: item.localPath, key: item.key, resumedBytes: outcome.resumedBytes, ...(outcome.etag ? { etag: outcome.etag } : {}) });
        return;
      case 'cancelled':
        // Not a failure, unless parts could not be cleaned up (the person must hear about those).
        if (outcome.leftover) fail(item, `Upload of ${item.key} cancelled, but ${outcome.leftover}.`);
        else result.notUploaded.push(item);
        return;
      default: {
        const code = fsCode(outcome.error);
        let reason = code
          ? `Could not read ${item.localPath} while uploading it: ${FS_CODES[code]}.`
          : s3Reason(outcome.error, { operation: 'upload', bucket, key: item.key, sse, chainName: options.chainName });
        if (outcome.resumable) reason += ' The parts already sent are kept: try again to resume.';
        if (outcome.leftover) reason += ` Also, ${outcome.leftover}.`;
        result.failed.push({ localPath: item.localPath, key: item.key, size, reason, ...(outcome.resumable ? { resumable: true } : {}) });
      }
    }
  };

  try {
    report();
    await runPool(items, options.concurrency ?? limiter.slots, uploadOne, () => stop.signal.aborted);
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
    for (const item of items) {
      if (!started.has(item.key)) {
        result.notUploaded.push(item);
        progress.finish(item.key);
      }
    }
    emitter.push(progress.report());
    emitter.flush();
    emitter.dispose();
  }
  result.cancelled = stop.signal.aborted;
  return result;
}
