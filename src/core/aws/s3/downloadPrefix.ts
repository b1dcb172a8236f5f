// A prefix → a folder tree. Keys are hostile input: every path comes from `localPathFor`, keys that cannot stay inside
// the folder are skipped, folders are made link-safe (downloadTargets.ts), and an existing file is replaced only when
// asked. The objects are listed first (so the total is known), then downloaded a few at once.
import { setMaxListeners } from 'node:events';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { isCancelled } from '../../errors';
import { BatchProgress, throttle, type BatchProgressReport } from '../../batchProgress';
import { systemClock, type Clock } from '../../clock';
import { OverwriteQuestions, type OverwriteDecision } from '../../overwrite';
import { folderTarget, localPathFor, type FolderLayout } from '../../s3Keys';
import { runPool } from '../../transfer';
import { validateBucketName } from '../../validation';
import { downloadObject } from './download';
import { folderMaker } from './downloadTargets';
import { invalidInput, s3Reason } from './errors';
import { listAllObjects, type ObjectSummary } from './list';
import type { S3Port } from './regions';

export interface DownloadPrefixOptions extends FolderLayout {
  client: S3Port;
  /** Asked, one at a time, for each local file that already exists. Absent: existing files are kept. */
  decideOverwrite?: (localPath: string) => Promise<OverwriteDecision>;
  signal?: AbortSignal;
  /** Objects downloaded at once (default 16, as many requests as uploads keep in flight). */
  concurrency?: number;
  onProgress?: (progress: BatchProgressReport) => void;
  clock?: Clock;
}

const DEFAULT_CONCURRENCY = 16;

export interface DownloadPrefixResult {
  /** The folder that received the prefix (targetDir, or the folder made inside it). */
  root: string;
  downloaded: Array<{ key: string; path: string }>;
  /** Keys refused at the boundary ('..', '//', names Windows cannot hold…), each reason naming its key. */
  skipped: Array<{ key: string; reason: string }>;
  /** Local files that already existed and were kept (Skip, or nobody to ask). */
  kept: Array<{ key: string; path: string }>;
  failed: Array<{ key: string; path: string; reason: string }>;
  cancelled: boolean;
}

/**
 * Downloads every object under a prefix into a folder, keeping the key structure. Lists first (so the total is
 * known), then downloads a few objects at once. Keys that cannot stay inside the folder are skipped, never
 * followed; an existing file is replaced only when `decideOverwrite` says so ('cancel' stops the batch).
 */
export async function downloadPrefix(options: DownloadPrefixOptions): Promise<DownloadPrefixResult> {
  // Each download in flight listens twice (request and file pipeline); a private signal can take that many.
  const inner = new AbortController();
  setMaxListeners(1000, inner.signal);
  const onAbort = (): void => inner.abort();
  if (options.signal?.aborted) inner.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await downloadAll(options, inner);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

interface PlannedFile {
  key: string;
  size: number;
  path: string;
  /** The folders to make first, below the chosen folder. */
  folders: string[];
}

/**
 * Where each listed key goes: a file, an empty folder (a folder marker key), or nowhere, with the reason. Every path
 * comes from `localPathFor`, the one boundary between keys and local paths.
 */
function planDownload(
  objects: readonly ObjectSummary[],
  /** The local folder the key below `relativeTo` maps into. */
  layout: string,
  relativeTo: string,
  lead: readonly string[],
): { files: PlannedFile[]; folders: Array<{ key: string; segments: string[] }>; skipped: Array<{ key: string; reason: string }> } {
  const files: PlannedFile[] = [];
  const folders: Array<{ key: string; segments: string[] }> = [];
  const skipped: Array<{ key: string; reason: string }> = [];
  for (const o of objects) {
    const mapped = localPathFor(layout, relativeTo, o.key);
    if ('problem' in mapped) {
      skipped.push({ key: o.key, reason: `Not saved: ${mapped.problem}` });
    } else if (o.key.endsWith('/')) {
      folders.push({ key: o.key, segments: [...lead, ...mapped.segments] }); // a folder marker: an empty folder
    } else if (mapped.segments.length === 0) {
      skipped.push({ key: o.key, reason: `Not saved: "${o.key}" names no file.` });
    } else {
      files.push({ key: o.key, size: o.size, path: mapped.path, folders: [...lead, ...mapped.segments.slice(0, -1)] });
    }
  }
  return { files, folders, skipped };
}

async function downloadAll(options: DownloadPrefixOptions, inner: AbortController): Promise<DownloadPrefixResult> {
  const { client, bucket, prefix } = options;
  const signal = inner.signal;
  const bucketProblem = validateBucketName(bucket);
  if (bucketProblem) throw invalidInput(bucketProblem);
  const target = folderTarget(options);
  if ('problem' in target) throw invalidInput(target.problem);
  const { root, layout } = target;
  const relativeTo = options.relativeTo ?? prefix;
  const lead = options.folderName !== undefined ? [options.folderName] : [];
  const result: DownloadPrefixResult = { root: target.dir, downloaded: [], skipped: [], kept: [], failed: [], cancelled: false };

  const objects: ObjectSummary[] = [];
  try {
    for await (const page of listAllObjects(client, { bucket, prefix, signal })) objects.push(...page);
  } catch (e) {
    if (signal.aborted || isCancelled(e)) return { ...result, cancelled: true };
    throw e;
  }

  const { files, folders, skipped } = planDownload(objects, layout, relativeTo, lead);
  result.skipped.push(...skipped);
  await fsp.mkdir(root, { recursive: true }); // the chosen folder itself
  const makeFolders = folderMaker(root);
  await makeFolders(target.segments).catch((e: unknown) => {
    throw invalidInput(`Cannot download into ${target.dir}: ${e instanceof Error ? e.message : String(e)}. Nothing was written.`);
  });
  for (const f of folders) {
    await makeFolders(f.segments).catch((e: unknown) => {
      result.failed.push({ key: f.key, path: path.join(root, ...f.segments), reason: `Could not create the folder: ${e instanceof Error ? e.message : String(e)}` });
    });
  }

  const questions = new OverwriteQuestions(options.decideOverwrite);
  const replaceExisting = async (localPath: string): Promise<boolean> => {
    const decision = await questions.ask(localPath);
    if (decision === 'cancel') inner.abort();
    return decision === 'overwrite' || decision === 'overwrite-all';
  };
  const progress = new BatchProgress(files.map((f) => ({ id: f.key, size: f.size })));
  const emitter = throttle<BatchProgressReport>((p) => options.onProgress?.(p), options.clock ?? systemClock, 100);
  const report = (): void => emitter.push(progress.report());
  report();
  try {
    await runPool(
      files,
      options.concurrency ?? DEFAULT_CONCURRENCY,
      async (file) => {
        progress.started(file.key);
        report();
        try {
          await makeFolders(file.folders);
          const done = await downloadObject({
            client,
            bucket,
            key: file.key,
            targetPath: file.path,
            signal,
            replaceExisting,
            onBytes: (n) => {
              progress.bytes(file.key, n);
              report();
            },
          });
          if (done.kept) {
            if (!signal.aborted) result.kept.push({ key: file.key, path: file.path });
          } else {
            result.downloaded.push({ key: file.key, path: file.path });
          }
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
