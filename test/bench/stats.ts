// Summaries of repeated measurements and the goal checks the rows use. Every goal is judged on one statistic, the
// ratio of medians (a bound on our own series uses its median); min and max are shown beside it. Nothing here
// throws on a number: benchmarks report, they do not fail a build.

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
  /** The ratio of medians a goal is judged on, and what it divides, e.g. 1.42 with "aws transfer only ÷ ours". */
  ratio?: number;
  ratioOf?: string;
  goal?: string;
  verdict: Verdict;
  /**
   * Set when the reference is a command (`aws s3 cp`): the same command moving one byte, measured in the same run.
   * `ratio` is then *transfer only* (this median subtracted from the reference's) and `ratioAsCommand` is beside it.
   */
  referenceFixed?: Series;
  ratioAsCommand?: number;
  /** Extra facts for the row, e.g. throughput. */
  detail?: string;
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

/** A bound on one statistic of our own series: the median for measurements, the max for counts that must never
 * exceed it (requests sent, runs that loaded a bundle). */
export function bounded(caseNo: number, name: string, ours: Series, stat: 'median' | 'max', limit: number, goal: string): Row {
  return { caseNo, name, ours, goal, verdict: ours.summary[stat] <= limit ? 'met' : 'missed' };
}

/** A command-line reference: its samples and, from the same run, its fixed cost (start-up plus the request of a
 * one-byte copy). */
export interface CommandReference {
  command: Series;
  fixed: Series;
}

/**
 * Reference ÷ ours against a command, two ways: *as a command* (the command's median ÷ ours) and *transfer only*
 * (the command's median minus its fixed cost's median, ÷ ours). The transfer-only ratio is the row's `ratio` and
 * the one a goal (`atLeast`) is judged on: ours is timed from the call with the SDK loaded, so the command's
 * start-up is not part of what the two engines do differently. Without `atLeast` the row is information.
 */
export function vsCommand(caseNo: number, name: string, ours: Series, ref: CommandReference, refShort: string, atLeast?: number): Row {
  const transferMs = ref.command.summary.median - ref.fixed.summary.median;
  const ratio = transferMs / ours.summary.median;
  const ratioOf = `${refShort} transfer only ÷ ours`;
  const row: Row = {
    caseNo,
    name,
    ours,
    reference: ref.command,
    referenceFixed: ref.fixed,
    ratio,
    ratioOf,
    ratioAsCommand: ref.command.summary.median / ours.summary.median,
    verdict: atLeast === undefined ? 'info' : ratio >= atLeast ? 'met' : 'missed',
  };
  if (atLeast !== undefined) row.goal = `${ratioOf} ≥ ${atLeast.toFixed(2)}`;
  // Too few or too noisy samples (quick mode on a busy machine) can put the fixed cost above the whole command.
  if (transferMs <= 0) row.detail = `inconclusive: the fixed cost's median is not below the command's`;
  return row;
}

export function info(caseNo: number, name: string, ours: Series, reference?: Series, detail?: string): Row {
  return { caseNo, name, ours, ...(reference ? { reference, ratio: ours.summary.median / reference.summary.median, ratioOf: 'ours ÷ ref' } : {}), verdict: 'info', ...(detail ? { detail } : {}) };
}

/** MB/s (decimal megabytes, as transfer tools print them) for `bytes` moved in `ms`. */
export function mbPerSec(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}
