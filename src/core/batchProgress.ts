// What a running batch reports: per-file byte counts summed into one report that never goes back, and a throttle
// so a batch of thousands of small files does not flood the progress UI.
import type { Clock } from './clock';

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
