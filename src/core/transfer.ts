// Pure transfer planning: local sources → upload items, a bounded worker pool, batch progress and its throttle.
// No AWS SDK here; the file system is injected so the walk can be tested with any tree.
import * as nodeFs from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import * as path from 'node:path';
import { toKey, normalizePrefix } from './s3Keys';
import { validateObjectKey } from './validation';
import type { Clock } from './clock';

/** One local file and the key it goes to. */
export interface UploadItem {
  localPath: string;
  key: string;
  size: number;
}

/** Something that could not be planned or transferred; never fatal for the rest of the batch. */
export interface TransferProblem {
  path: string;
  reason: string;
}

/** The file system calls the walk needs (node:fs/promises satisfies it). */
export interface WalkFs {
  stat(p: string): Promise<Stats>;
  realpath(p: string): Promise<string>;
  readdir(p: string, options: { withFileTypes: true }): Promise<Dirent[]>;
  access(p: string, mode?: number): Promise<void>;
}

export interface ExpandOptions {
  fs?: WalkFs;
  /** Stop walking after this many entries (a bounded walk even for a mistaken source like '/'). */
  maxEntries?: number;
  signal?: AbortSignal;
}

const DEFAULT_MAX_ENTRIES = 200_000;

/** Node error code, if any. */
function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function describeFsError(e: unknown): string {
  switch (codeOf(e)) {
    case 'ENOENT':
      return 'it no longer exists (or is a broken symbolic link)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a path segment is not a folder';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Expands files and folders into upload items. A file goes to `prefix + name`; a folder to
 * `prefix + folderName/ + relative path`, recursively. Symbolic links are followed, except into a folder that is
 * already being walked (a loop); broken links, unreadable entries, pipes and devices become problems.
 * Items come out sorted by key so a batch is reproducible.
 */
export async function expandUploadSources(
  sources: readonly string[],
  prefix: string,
  options: ExpandOptions = {},
): Promise<{ items: UploadItem[]; problems: TransferProblem[] }> {
  const fs = options.fs ?? nodeFs;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const base = normalizePrefix(prefix);
  const items: UploadItem[] = [];
  const problems: TransferProblem[] = [];
  let entries = 0;
  let truncated = false;

  const addFile = async (localPath: string, st: Stats, keySegments: string[]): Promise<void> => {
    try {
      await fs.access(localPath, nodeFs.constants.R_OK);
    } catch (e) {
      problems.push({ path: localPath, reason: `cannot read the file: ${describeFsError(e)}` });
      return;
    }
    items.push({ localPath, key: toKey(base, keySegments.join('/'), '/'), size: st.size });
  };

  const walk = async (dir: string, keySegments: string[], ancestors: string[]): Promise<void> => {
    let children: Dirent[];
    try {
      children = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read the folder: ${describeFsError(e)}` });
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      if (options.signal?.aborted) return;
      if (++entries > maxEntries) {
        truncated = true;
        return;
      }
      const full = path.join(dir, child.name);
      const segments = [...keySegments, child.name];
      let st: Stats;
      try {
        st = await fs.stat(full); // follows symbolic links
      } catch (e) {
        const reason = child.isSymbolicLink() && codeOf(e) === 'ENOENT' ? 'broken symbolic link' : describeFsError(e);
        problems.push({ path: full, reason: `skipped: ${reason}` });
        continue;
      }
      if (st.isDirectory()) {
        let real: string;
        try {
          real = await fs.realpath(full);
        } catch (e) {
          problems.push({ path: full, reason: `skipped: ${describeFsError(e)}` });
          continue;
        }
        if (ancestors.includes(real)) {
          problems.push({ path: full, reason: `skipped: symbolic link loop (points back to ${real})` });
          continue;
        }
        await walk(full, segments, [...ancestors, real]);
      } else if (st.isFile()) {
        await addFile(full, st, segments);
      } else {
        problems.push({ path: full, reason: `skipped: ${kindOf(st)}` });
      }
    }
  };

  for (const source of sources) {
    if (options.signal?.aborted || truncated) break;
    const name = path.basename(source);
    let st: Stats;
    try {
      st = await fs.stat(source);
    } catch (e) {
      problems.push({ path: source, reason: `skipped: ${describeFsError(e)}` });
      continue;
    }
    if (st.isDirectory()) {
      try {
        await walk(source, [name], [await fs.realpath(source)]);
      } catch (e) {
        problems.push({ path: source, reason: `skipped: ${describeFsError(e)}` });
      }
    } else if (st.isFile()) {
      await addFile(source, st, [name]);
    } else {
      problems.push({ path: source, reason: `skipped: ${kindOf(st)}` });
    }
  }
  if (truncated) {
    problems.push({ path: sources.join(', '), reason: `stopped after ${maxEntries} entries: choose a smaller folder` });
  }
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { items, problems };
}

/**
 * Checks a batch before any request: every key valid for S3 and used once (two sources mapping to one key would
 * silently overwrite each other). Items that fail stay out of `items` and are listed as problems.
 */
export function planBatch(items: readonly UploadItem[]): { items: UploadItem[]; problems: TransferProblem[] } {
  const seen = new Map<string, string>();
  const ok: UploadItem[] = [];
  const problems: TransferProblem[] = [];
  for (const item of items) {
    const invalid = validateObjectKey(item.key);
    if (invalid) {
      problems.push({ path: item.localPath, reason: invalid });
      continue;
    }
    const first = seen.get(item.key);
    if (first !== undefined) {
      problems.push({ path: item.localPath, reason: `skipped: ${first} already goes to the same key "${item.key}"` });
      continue;
    }
    seen.set(item.key, item.localPath);
    ok.push(item);
  }
  return { items: ok, problems };
}

/**
 * Runs `worker` over `items` with at most `concurrency` at once, in order. `stop()` is checked before each item
 * is started, so cancelling lets the running ones finish (or abort themselves) and starts nothing new.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      await worker(items[index] as T, index);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** What a batch reports to its progress callback. */
export interface BatchProgressReport {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** The file most recently started (a key or local path), for "Uploading a/b.txt". */
  currentFile?: string;
}

/**
 * Aggregates per-file byte counts into one batch report. `bytesDone` never goes back (a retried part is not
 * counted twice) and a file that ends — uploaded, skipped or failed — counts in full, so a finished batch reads
 * 100 %: the bar measures work handled; the result lists what failed.
 */
export class BatchProgress {
  private readonly sizes = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  private readonly finished = new Set<string>();
  private readonly bytesTotal: number;
  private reported = 0;
  private current: string | undefined;

  constructor(items: ReadonlyArray<{ id: string; size: number }>) {
    let total = 0;
    for (const item of items) {
      this.sizes.set(item.id, item.size);
      total += item.size;
    }
    this.bytesTotal = total;
  }

  started(id: string): void {
    this.current = id;
  }

  /** Bytes of a file transferred so far (absolute, not a delta); clamped to the file's size. */
  bytes(id: string, transferred: number): void {
    if (this.finished.has(id)) return;
    const size = this.sizes.get(id) ?? 0;
    const clamped = Math.min(Math.max(transferred, 0), size);
    if (clamped > (this.sent.get(id) ?? 0)) this.sent.set(id, clamped);
  }

  /** The file is done with, whatever the outcome. */
  finish(id: string): void {
    if (this.finished.has(id)) return;
    this.finished.add(id);
    this.sent.set(id, this.sizes.get(id) ?? 0);
  }

  report(): BatchProgressReport {
    let done = 0;
    for (const n of this.sent.values()) done += n;
    this.reported = Math.max(this.reported, done);
    return {
      filesDone: this.finished.size,
      filesTotal: this.sizes.size,
      bytesDone: this.reported,
      bytesTotal: this.bytesTotal,
      ...(this.current !== undefined ? { currentFile: this.current } : {}),
    };
  }
}

/**
 * Rate-limits a stream of reports: at most one per `intervalMs` (≈10/s by default), the latest one always delivered
 * eventually (a trailing timer), and `flush()` delivers the pending one at once (for the final report).
 */
export function throttle<T>(
  emit: (value: T) => void,
  clock: Clock,
  intervalMs = 100,
): { push(value: T): void; flush(): void; dispose(): void } {
  let last = -Infinity;
  let pending: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deliver = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    last = clock.now();
    emit(value);
  };
  return {
    push(value: T): void {
      pending = { value };
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) deliver();
      else if (!timer) {
        timer = setTimeout(deliver, wait);
        timer.unref?.();
      }
    },
    flush: deliver,
    dispose(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
