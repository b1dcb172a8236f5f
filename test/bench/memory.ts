// Peak memory of the current process during one piece of work. Linux keeps the true high-water mark of resident
// memory (VmHWM) and lets a process reset it (writing 5 to /proc/self/clear_refs), which catches every peak at no
// cost; elsewhere a 10 ms sampler of the resident size is the fallback.
import { readFileSync, writeFileSync } from 'node:fs';

const MiB = 1024 * 1024;

function statusBytes(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Collects garbage (when node runs with --expose-gc) so the baseline holds only live data. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

export interface PeakMemory {
  /** Resident memory just before the work started. */
  baselineMiB: number;
  /** Highest resident memory during the work, minus the baseline. */
  peakGrowthMiB: number;
  /** VmHWM: the kernel's exact high-water mark; samples: every 10 ms, where the mark cannot be reset. */
  source: 'VmHWM' | 'samples';
}

export async function measurePeak<T>(work: () => Promise<T>): Promise<{ result: T; memory: PeakMemory }> {
  collectGarbage();
  const reset = resetHighWaterMark();
  const baseline = (reset ? statusBytes('VmRSS') : undefined) ?? process.memoryUsage.rss();
  let sampledPeak = baseline;
  // Only without the kernel's mark: reading the resident size costs a /proc read each time, which a sampler
  // would charge to the very work it measures.
  const sampler = reset
    ? undefined
    : setInterval(() => {
        sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
      }, 10);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(sampler);
  }
  const hwm = reset ? statusBytes('VmHWM') : undefined;
  const peak = hwm ?? Math.max(sampledPeak, process.memoryUsage.rss());
  return {
    result,
    memory: {
      baselineMiB: baseline / MiB,
      peakGrowthMiB: Math.max(0, peak - baseline) / MiB,
      source: hwm !== undefined ? 'VmHWM' : 'samples',
    },
  };
}

/** Live heap after a full collection, in MiB (needs --expose-gc to be meaningful). */
export function liveHeapMiB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / MiB;
}
