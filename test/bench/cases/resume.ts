// Issue 11's resume goal: the large upload's connection is cut at about half way (the endpoint drops every open
// connection and refuses new ones), then the engine resumes from what it kept. The endpoint's own count of
// acknowledged parts says what was sent before and after, so the row does not trust the engine's word.
import { stat } from 'node:fs/promises';
import type { BenchCase } from '../context';
import { mib } from '../format';
import { bounded, series } from '../stats';
import { withWorker } from '../workers';
import { BUCKET, enginePartSize, largeFile } from './shared';

/** Parts acknowledged (200) so far, by the endpoint's log. */
async function okParts(ctx: Parameters<BenchCase['run']>[0]): Promise<number> {
  return (await ctx.endpoint.logCounts()).okByOperation.UploadPart ?? 0;
}

export const resumeCase: BenchCase = {
  id: 'resume',
  title: 'Resume an upload cut at half way',
  async run(ctx) {
    const file = await largeFile(ctx);
    const size = (await stat(file)).size;
    const partSize = enginePartSize(size);
    const parts = Math.ceil(size / partSize);
    const runs: Array<{ before: number; after: number; missing: number; ms: number }> = [];
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      const key = `bench/resume/${rep}/large.bin`;
      // Few parts in flight on a slow link, so the cut lands in the middle of the file rather than after one wave of
      // parts (the quick run's file has only 3 parts). The resumed attempt runs with the engine's defaults.
      const args = { ...ctx.target, bucket: BUCKET, file, key };
      const firstArgs = { ...args, maxRequests: ctx.config.quick ? 1 : 4 };
      await ctx.endpoint.clearLog();
      await ctx.endpoint.setFaults({ bandwidthBytesPerSec: 16 * 1024 * 1024 });
      const run = await withWorker(ctx.pkg.distDir, async (w) => {
        const first = w.call<{ resumable: boolean; keptParts: number }>('interruptedUpload', firstArgs);
        // Cut once half the parts are acknowledged (polled: bounded by the upload's own end).
        for (let i = 0; i < 600 && (await okParts(ctx)) < parts / 2; i++) await new Promise((r) => setTimeout(r, 50));
        await ctx.endpoint.setFaults({ refuseAll: true, dropConnections: true });
        const cut = await first;
        await ctx.endpoint.setFaults({});
        if (!cut.resumable) throw new Error('the interrupted upload was not kept for resuming');
        const before = await okParts(ctx);
        await ctx.endpoint.clearLog();
        const resumed = await w.call<{ ms: number; resumedBytes: number; size: number }>('resumedUpload', args);
        const after = await okParts(ctx);
        return { before, after, missing: (size - resumed.resumedBytes) / partSize, ms: resumed.ms };
      });
      runs.push(run);
    }
    // Parts sent after resuming beyond those missing (the last part may be smaller: counting it whole only overstates).
    const extra = series('parts sent after resuming beyond the missing ones', 'count', runs.map((r) => r.after - r.missing));
    const row = bounded(11, `resume ${mib(size)} cut at about half way (${parts} parts): parts sent after resuming − parts missing`, extra, 'max', 1, 'sent after resuming ≤ missing + one part (worst run)');
    row.detail = `resumed in ${Math.round(Math.max(...runs.map((r) => r.ms)))} ms at most`;
    return {
      rows: [row],
      notes: [`${runs.length} run(s); parts acknowledged before the cut / sent after resuming: ${runs.map((r) => `${r.before}/${r.after}`).join(', ')}.`],
    };
  },
};
