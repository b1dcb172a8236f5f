// Summaries of repeated measurements and the goal checks the rows use. A goal compares medians; it never throws:
// benchmarks report, they do not fail a build on a number.

export type Unit = 'ms' | 'MiB' | 'KiB' | 'count';

export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
}

export interface Series {
  /** What was measured, e.g. "core uploadBatch" or "aws s3 cp". */
  label: string;
  unit: Unit;
  samples: number[];
  summary: Summary;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { n: sorted.length, min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}

export function series(label: string, unit: Unit, samples: readonly number[]): Series {
  return { label, unit, samples: [...samples], summary: summarize(samples) };
}

export type Verdict = 'met' | 'missed' | 'info';

export interface Row {
  /** The case's number in the table (1–9) and what this row measures. */
  caseNo: number;
  name: string;
  ours: Series;
  reference?: Series;
  /** ratio and what it divides, e.g. 1.42 with "aws ÷ ours". */
  ratio?: number;
  ratioOf?: string;
  goal?: string;
  verdict: Verdict;
  /** Extra facts for the row, e.g. throughput. */
  detail?: string;
}

/** Reference time ÷ our time (above 1: we are faster), checked against `atLeast`. */
export function speedup(caseNo: number, name: string, ours: Series, reference: Series, atLeast: number, refShort: string): Row {
  const ratio = reference.summary.median / ours.summary.median;
  return {
    caseNo,
    name,
    ours,
    reference,
    ratio,
    ratioOf: `${refShort} ÷ ours`,
    goal: `${refShort} ÷ ours ≥ ${atLeast.toFixed(2)}`,
    verdict: ratio >= atLeast ? 'met' : 'missed',
  };
}

/** Our time ÷ reference time (above 1: we are slower), checked against `atMost`. */
export function overhead(caseNo: number, name: string, ours: Series, reference: Series, atMost: number, refShort: string): Row {
  const ratio = ours.summary.median / reference.summary.median;
  return {
    caseNo,
    name,
    ours,
    reference,
    ratio,
    ratioOf: `ours ÷ ${refShort}`,
    goal: `ours ÷ ${refShort} ≤ ${atMost.toFixed(2)}`,
    verdict: ratio <= atMost ? 'met' : 'missed',
  };
}

/** A bound on one statistic of our own series (e.g. the worst peak memory). */
export function bounded(caseNo: number, name: string, ours: Series, stat: 'median' | 'max', limit: number, goal: string): Row {
  return { caseNo, name, ours, goal, verdict: ours.summary[stat] <= limit ? 'met' : 'missed' };
}

/** Reference time ÷ our time, without a goal: a variant measured beside a goal row, in the same direction. */
export function infoSpeedup(caseNo: number, name: string, ours: Series, reference: Series, refShort: string): Row {
  return { caseNo, name, ours, reference, ratio: reference.summary.median / ours.summary.median, ratioOf: `${refShort} ÷ ours`, verdict: 'info' };
}

export function info(caseNo: number, name: string, ours: Series, reference?: Series, detail?: string): Row {
  return { caseNo, name, ours, ...(reference ? { reference, ratio: ours.summary.median / reference.summary.median, ratioOf: 'ours ÷ ref' } : {}), verdict: 'info', ...(detail ? { detail } : {}) };
}

/** MB/s (decimal megabytes, as transfer tools print them) for `bytes` moved in `ms`. */
export function mbPerSec(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}
