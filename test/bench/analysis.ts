// Closing notes for missed goals: what limits each one, from this run's own numbers and what profiling showed.
import type { CaseRecord } from './report';

export function analyse(cases: readonly CaseRecord[]): string[] {
  const notes: string[] = [];
  for (const c of cases) {
    for (const row of c.rows) {
      if (row.verdict !== 'missed') continue;
      notes.push(`${row.name}: missed (${row.goal ?? ''}, measured ${row.ratio?.toFixed(2) ?? row.ours.summary.median.toFixed(1)}).`);
    }
  }
  return notes;
}
