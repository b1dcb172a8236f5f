// The run's record and how it is shown: a console table while it runs, results.md for people (and the README),
// results.json with every sample for tools.
import type { Row } from './stats';
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
  startedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; awscli: string };
  loadAverage: { start: number[]; end: number[] };
  cases: CaseRecord[];
}

const verdictText = { met: 'met', missed: '**missed**', info: '—' } as const;

function refCell(row: Row): string {
  if (!row.reference) return '';
  const s = row.reference.summary;
  const u = row.reference.unit;
  return `${row.reference.label}: ${formatValue(s.median, u)} (${formatValue(s.min, u)}–${formatValue(s.max, u)})`;
}

function ratioCell(row: Row): string {
  return row.ratio === undefined ? '' : `${row.ratio.toFixed(2)} (${row.ratioOf ?? ''})`;
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
  const lines = ['| # | case | ours (median) | reference (median) | ratio | goal | result |', '|---|---|---|---|---|---|---|'];
  for (const c of run.cases) {
    for (const row of c.rows) {
      if (row.verdict === 'info') continue;
      const ours = `${formatValue(row.ours.summary.median, row.ours.unit)}`;
      const ref = row.reference ? `${row.reference.label}: ${formatValue(row.reference.summary.median, row.reference.unit)}` : '';
      lines.push(`| ${row.caseNo} | ${cell(row.name)} | ${ours} | ${cell(ref)} | ${row.ratio === undefined ? '' : row.ratio.toFixed(2)} | ${cell(row.goal ?? '')} | ${verdictText[row.verdict]} |`);
    }
    if (c.status !== 'ran') lines.push(`| | ${cell(c.title)} | | | | | ${c.status} |`);
  }
  return lines.join('\n');
}

export function renderMarkdown(run: RunRecord): string {
  const goals = run.cases.flatMap((c) => c.rows).filter((r) => r.verdict !== 'info');
  const met = goals.filter((r) => r.verdict === 'met').length;
  const load = (l: number[]): string => l.map((v) => v.toFixed(2)).join(' / ');
  const out = [
    '# Benchmark results',
    '',
    `Produced by \`npm run bench${run.mode === 'quick' ? ' -- --quick' : ''}\` on ${run.startedAt} (${run.mode} run, ${Math.round(run.seconds)} s). ` +
      'Every ratio compares medians measured in the same run, on the same machine, against the same local endpoint (in its own process on 127.0.0.1).',
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
    const ref = row.reference ? ` | ref ${formatValue(row.reference.summary.median, row.reference.unit)}` : '';
    const ratio = row.ratio === undefined ? '' : ` | ${row.ratio.toFixed(2)} ${row.ratioOf ?? ''}`;
    const goal = row.goal ? ` | goal ${row.goal}: ${row.verdict.toUpperCase()}` : '';
    return `  ${row.name}: min ${formatValue(s.min, u)} / median ${formatValue(s.median, u)} / max ${formatValue(s.max, u)} (n=${s.n})${ref}${ratio}${goal}`;
  });
}
