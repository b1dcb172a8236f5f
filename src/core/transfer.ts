// Batch plumbing shared by uploads and downloads: planned items, a bounded worker pool, batch progress and its
// throttle. No AWS SDK and no file system here; the walk of local folders is in uploadSources.ts.
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
