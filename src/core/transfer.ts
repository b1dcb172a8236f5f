// Batch plumbing shared by uploads and downloads: planned items and a bounded worker pool. No AWS SDK and no file
// system here; the walk of local folders is in uploadSources.ts, what a batch reports as it runs in batchProgress.ts.
import { validateObjectKey } from './validation';

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
