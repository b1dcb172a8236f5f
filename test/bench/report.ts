// The run's record and how it is shown: a console table while it runs, results.md for people (and the README),
// results.json with every sample for tools.
import type { Row, Series } from './stats';
import { formatValue } from './format';

export interface CaseRecord {
  id: string;
  title: string;
  status: 'ran' | 'skipped' | 'failed';
  seconds: number;
  /** 1-minute load average before and after the case (the machine is shared; numbers are only comparable within a run). */
  loadBefore: number;
  loadAfter: number;
  rows: Row[];
  notes: string[];
  analysis: string[];
  skipped?: string;
  error?: string;
}

export interface RunRecord {
  mode: 'full' | 'quick';
  /** The cases asked for with --only (absent: every case). */
  only?: string[];
  /** Repetitions of each measurement in this mode. */
  reps: number;
  startedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; awscli: string };
  loadAverage: { start: number[]; end: number[] };
  cases: CaseRecord[];
}

const verdictText = { met: 'met', missed: '**missed**', info: '—' } as const;

const spread = (s: Series): string => `${formatValue(s.summary.median, s.unit)} (${formatValue(s.summary.min, s.unit)}–${formatValue(s.summary.max, s.unit)})`;

/** A command reference's transfer-only time: its median minus its fixed cost's median. */
const transferOnlyText = (row: Row): string =>
  row.reference && row.referenceFixed ? formatValue(row.reference.summary.median - row.referenceFixed.summary.median, row.reference.unit) : '';

function refCell(row: Row): string {
  if (!row.reference) return '';
  const text = `${row.reference.label}: ${spread(row.reference)}`;
  return row.referenceFixed ? `${text}; fixed cost ${spread(row.referenceFixed)}; transfer only ${transferOnlyText(row)}` : text;
}

function ratioCell(row: Row): string {
  if (row.ratio === undefined) return '';
  const asCommand = row.ratioAsCommand === undefined ? '' : `; as a command ${row.ratioAsCommand.toFixed(2)}`;
  return `${row.ratio.toFixed(2)} (${row.ratioOf ?? ''}${asCommand})`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The results table, one line per row, in the issue's case order. */
export function markdownTable(run: RunRecord): string {
  const lines = [
    '| # | measure | ours | n | min | median | max | reference: median (min–max) | ratio | goal | result |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of run.cases) {
    for (const row of c.rows) {
      const s = row.ours.summary;
      const u = row.ours.unit;
      const name = row.detail ? `${row.name} (${row.detail})` : row.name;
      lines.push(
        `| ${row.caseNo} | ${cell(name)} | ${cell(row.ours.label)} | ${s.n} | ${formatValue(s.min, u)} | ${formatValue(s.median, u)} | ${formatValue(s.max, u)} | ${cell(refCell(row))} | ${cell(ratioCell(row))} | ${cell(row.goal ?? '')} | ${verdictText[row.verdict]} |`,
      );
    }
    if (c.status === 'failed') lines.push(`| | ${cell(c.title)}: **failed** — ${cell(c.error?.split('\n')[0] ?? '')} | | | | | | | | | |`);
    if (c.status === 'skipped') lines.push(`| | ${cell(c.title)}: skipped — ${cell(c.skipped ?? '')} | | | | | | | | | |`);
  }
  return lines.join('\n');
}

/** The goal rows only, compact: the table the README shows. */
export function summaryTable(run: RunRecord): string {
  const lines = [
    '| # | case | ours (median) | reference (median) | ratio | aws as a command | goal | result |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of run.cases) {
    for (const row of c.rows) {
      if (row.verdict === 'info') continue;
      const ours = `${formatValue(row.ours.summary.median, row.ours.unit)}`;
      let ref = row.reference ? `${row.reference.label}: ${formatValue(row.reference.summary.median, row.reference.unit)}` : '';
      if (row.referenceFixed) ref += ` − ${formatValue(row.referenceFixed.summary.median, row.referenceFixed.unit)} fixed = ${transferOnlyText(row)}`;
      const ratio = row.ratio === undefined ? '' : row.ratio.toFixed(2);
      const asCommand = row.ratioAsCommand === undefined ? '' : row.ratioAsCommand.toFixed(2);
      lines.push(`| ${row.caseNo} | ${cell(row.name)} | ${ours} | ${cell(ref)} | ${ratio} | ${asCommand} | ${cell(row.goal ?? '')} | ${verdictText[row.verdict]} |`);
    }
    if (c.status !== 'ran') lines.push(`| | ${cell(c.title)} | | | | | | ${c.status} |`);
  }
  return lines.join('\n');
}

/** How the numbers are made and judged, in one paragraph (results.md states it; the README links there). */
export function methodParagraph(reps: number): string {
  return (
    `**Method.** Each case runs the tools it compares in turn, ${reps} time${reps === 1 ? '' : 's'} each, rotating their order every repetition so that drift on the shared machine favours none; ` +
    'ours runs in a fresh worker process per transfer and is timed from the call with the SDK already loaded, as in the extension, against the same local endpoint (its own process on 127.0.0.1). ' +
    'Every goal is judged on one statistic, the ratio of medians (a bound on one of our own measurements, such as peak memory, on its median; request and run counts on their maximum); min and max are shown beside it. ' +
    '`aws s3 cp` can only be timed as a whole command, Python start-up included, so every case that compares with it also times, in the same rotation, the same command copying one byte ' +
    '(a one-byte object, or a folder holding one for `--recursive`): the CLI\'s fixed cost, start-up plus that copy\'s requests. ' +
    'Such rows give two ratios: *as a command* (the CLI\'s median ÷ ours) and *transfer only* (the CLI\'s median minus the fixed cost\'s median, ÷ ours); goals are judged on *transfer only*. ' +
    'Peak memory is the measuring process\'s resident-set growth over its baseline (the kernel\'s high-water mark, reset before the work). No number fails a run; only a crash does.'
  );
}

export function renderMarkdown(run: RunRecord): string {
  const args = [...(run.mode === 'quick' ? ['--quick'] : []), ...(run.only ? ['--only', run.only.join(',')] : [])];
  const goals = run.cases.flatMap((c) => c.rows).filter((r) => r.verdict !== 'info');
  const met = goals.filter((r) => r.verdict === 'met').length;
  const load = (l: number[]): string => l.map((v) => v.toFixed(2)).join(' / ');
  const out = [
    '# Benchmark results',
    '',
    `Produced by \`npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\` on ${run.startedAt} (${run.mode} run${run.only ? ' of some cases' : ''}, ${Math.round(run.seconds)} s).`,
    '',
    methodParagraph(run.reps),
    '',
    `Machine: ${run.machine.cpus} × ${run.machine.cpuModel}, ${run.machine.memoryGiB.toFixed(0)} GiB, ${run.machine.platform}, Node ${run.machine.node}, ${run.machine.awscli}. ` +
      `Load average (1/5/15 min) at the start ${load(run.loadAverage.start)}, at the end ${load(run.loadAverage.end)}: the machine was shared with other test runs, so absolute times are noisy; the ratios are the point.`,
    '',
    `Goals met: ${met} of ${goals.length}.`,
    '',
    summaryTable(run),
    '',
    '## Every measurement',
    '',
    markdownTable(run),
    '',
    '## Notes per case',
    '',
  ];
  for (const c of run.cases) {
    out.push(`- **${c.title}** (${c.seconds.toFixed(0)} s, load ${c.loadBefore.toFixed(1)} → ${c.loadAfter.toFixed(1)}): ${[...c.notes, ...(c.skipped ? [`skipped: ${c.skipped}`] : []), ...(c.error ? [`failed: ${c.error.split('\n')[0]}`] : [])].join(' ') || '—'}`);
  }
  const analysis = run.cases.flatMap((c) => c.analysis);
  if (analysis.length > 0) out.push('', '## Where the missed goals lose their time', '', ...analysis.map((a) => `- ${a}`));
  return `${out.join('\n')}\n`;
}

/** A compact console view of one case's rows. */
export function consoleRows(rows: Row[]): string[] {
  return rows.map((row) => {
    const s = row.ours.summary;
    const u = row.ours.unit;
    const fixed = row.referenceFixed ? `, fixed ${formatValue(row.referenceFixed.summary.median, row.referenceFixed.unit)}` : '';
    const ref = row.reference ? ` | ref ${formatValue(row.reference.summary.median, row.reference.unit)}${fixed}` : '';
    const asCommand = row.ratioAsCommand === undefined ? '' : ` (as a command ${row.ratioAsCommand.toFixed(2)})`;
    const ratio = row.ratio === undefined ? '' : ` | ${row.ratio.toFixed(2)} ${row.ratioOf ?? ''}${asCommand}`;
    const goal = row.goal ? ` | goal ${row.goal}: ${row.verdict.toUpperCase()}` : '';
    return `  ${row.name}: min ${formatValue(s.min, u)} / median ${formatValue(s.median, u)} / max ${formatValue(s.max, u)} (n=${s.n})${ref}${ratio}${goal}`;
  });
}
