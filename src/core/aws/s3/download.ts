// Downloads: one object → one file, a prefix → a folder tree. Each file is streamed into a temporary file beside
// its target and moved into place at the end, so a cancelled or failed download never leaves a half-written file
// under the real name. Keys are hostile input: every path comes from `localPathFor`, folders are made one level at
// a time (a planted link never takes the download elsewhere), and an existing file is replaced only when asked.
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
import { OverwriteQuestions, type OverwriteDecision } from '../../overwrite';
import { folderTarget, isInside, localPathFor, type FolderLayout } from '../../s3Keys';
import { BatchProgress, throttle, type BatchProgressReport } from '../../batchProgress';
import { runPool } from '../../transfer';
import { validateBucketName, validateObjectKey } from '../../validation';
import { invalidInput, s3Error, s3Reason } from './errors';
import { listAllObjects, type ObjectSummary } from './list';
import type { S3Port } from './regions';

export interface DownloadObjectOptions {
  client: S3Port;
  bucket: string;
  key: string;
  /** The file to write (its folder is created if missing). */
  targetPath: string;
  signal?: AbortSignal;
  /** Bytes written so far and the object's size (when S3 says it). */
  onBytes?: (bytesDone: number, bytesTotal: number | undefined) => void;
  /**
   * Asked when `targetPath` already exists (before the download, and again if it appeared meanwhile): true replaces
   * it. Absent: an existing file is never replaced and the result says `kept`.
   */
  replaceExisting?: (targetPath: string) => Promise<boolean>;
}

export interface DownloadObjectResult {
  path: string;
  bytes: number;
  /** The target already existed and was kept: nothing was written. */
  kept?: true;
}

function tempNameFor(targetPath: string): string {
  return path.join(path.dirname(targetPath), `.${path.basename(targetPath)}.${randomBytes(4).toString('hex')}.download`);
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Moves the finished temporary file to its name. Without permission to replace, a hard link creates the name only
 * if it is still free (two keys that one file system sees as one name, 'A.txt' and 'a.txt', both find out here);
 * where hard links are not supported the name is checked just before the rename.
 */
async function moveIntoPlace(temp: string, target: string, replace: boolean, replaceExisting: DownloadObjectOptions['replaceExisting']): Promise<boolean> {
  if (!replace) {
    let taken: boolean;
    try {
      await fsp.link(temp, target);
      await fsp.rm(temp, { force: true });
      return true;
    } catch (e) {
      taken = codeOf(e) === 'EEXIST' || (await exists(target));
    }
    if (taken && !(await replaceExisting?.(target))) return false;
  }
  await fsp.rename(temp, target);
  return true;
}

/** Downloads one object to a file. Throws CancelledError on cancel (the temporary file is removed). */
export async function downloadObject(options: DownloadObjectOptions): Promise<DownloadObjectResult> {
  const { client, bucket, key, targetPath, signal } = options;
  const problem = validateBucketName(bucket) ?? validateObjectKey(key);
  if (problem) throw invalidInput(problem);
  if (signal?.aborted) throw new CancelledError(`Download of ${key} cancelled.`);

  let replace = false;
  if (await exists(targetPath)) {
    if (!(await options.replaceExisting?.(targetPath))) return { path: targetPath, bytes: 0, kept: true };
    replace = true;
  }
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
  let placed: boolean;
  try {
    await pipeline(body, counter, createWriteStream(temp, { flags: 'wx' }), signal ? { signal } : {});
    if (total !== undefined && written !== total) {
      throw s3Error(new Error(`received ${written} of ${total} bytes`), { operation: 'download', bucket, key });
    }
    placed = await moveIntoPlace(temp, targetPath, replace, options.replaceExisting);
  } catch (e) {
    body.destroy();
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    if (signal?.aborted || isCancelled(e)) throw new CancelledError(`Download of ${key} cancelled.`, { cause: e });
    throw s3Error(e, { operation: 'download', bucket, key });
  }
  if (!placed) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    return { path: targetPath, bytes: 0, kept: true };
  }
  return { path: targetPath, bytes: written };
}

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

/**
 * Makes the folders of a download one level at a time below the chosen folder. An existing link is followed only
 * when its real path stays inside the chosen folder (a planted `assets -> ~/.aws` is not), so mkdir never creates
 * anything elsewhere. Shared by every file of a batch, so concurrent downloads make each folder once.
 */
function folderMaker(root: string): (segments: readonly string[]) => Promise<string> {
  const made = new Map<string, Promise<void>>();
  let realRoot: Promise<string> | undefined;
  const one = async (dir: string): Promise<void> => {
    try {
      await fsp.mkdir(dir);
      return;
    } catch (e) {
      if (codeOf(e) !== 'EEXIST') throw e;
    }
    const st = await fsp.lstat(dir);
    if (st.isDirectory()) return;
    if (st.isSymbolicLink()) {
      realRoot ??= fsp.realpath(root);
      const real = await fsp.realpath(dir);
      if (!isInside(await realRoot, real)) throw new Error(`${dir} is a link to ${real}, outside ${root}`);
      if ((await fsp.stat(dir)).isDirectory()) return;
    }
    throw new Error(`${dir} exists and is not a folder`);
  };
  return async (segments) => {
    let dir = root;
    for (const segment of segments) {
      dir = path.join(dir, segment);
      let step = made.get(dir);
      if (!step) {
        step = one(dir);
        made.set(dir, step);
      }
      await step;
    }
    return dir;
  };
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

  const files: Array<{ key: string; size: number; path: string; folders: string[] }> = [];
  const folders: Array<{ key: string; segments: string[] }> = [];
  for (const o of objects) {
    const mapped = localPathFor(layout, relativeTo, o.key);
    if ('problem' in mapped) {
      result.skipped.push({ key: o.key, reason: `Not saved: ${mapped.problem}` });
    } else if (o.key.endsWith('/')) {
      folders.push({ key: o.key, segments: [...lead, ...mapped.segments] }); // a folder marker: an empty folder
    } else if (mapped.segments.length === 0) {
      result.skipped.push({ key: o.key, reason: `Not saved: "${o.key}" names no file.` });
    } else {
      files.push({ key: o.key, size: o.size, path: mapped.path, folders: [...lead, ...mapped.segments.slice(0, -1)] });
    }
  }
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
