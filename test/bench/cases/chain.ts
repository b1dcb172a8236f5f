// Case 2: a three-step chain through the core (runChain, prompts answered by code) against the same three raw
// AssumeRole calls through the SDK, in one worker, alternating.
import type { BenchCase } from '../context';
import { ms } from '../format';
import { overhead, series } from '../stats';
import type { ChainBatchResult } from '../tasks/chains';
import { withWorker } from '../workers';
import { whereTimeGoes } from './shared';

export const chainCase: BenchCase = {
  id: 'chain',
  title: 'Run a 3-step chain',
  async run(ctx) {
    const { chainSamples, chainRunsPerSample, chainWarmup } = ctx.config;
    const samples = await withWorker(ctx.pkg.distDir, async (worker) => {
      const out: ChainBatchResult[] = [];
      for (let i = 0; i < chainSamples; i++) {
        out.push(await worker.call<ChainBatchResult>('chainBatch', { endpoint: ctx.endpoint.endpoint, runs: chainRunsPerSample, warmup: i === 0 ? chainWarmup : 0 }));
      }
      return out;
    });
    const core = series('core runChain (3 steps, ExternalId + MFA answered)', 'ms', samples.map((s) => s.coreMs));
    const raw = series('3 raw AssumeRole calls (@aws-sdk/client-sts)', 'ms', samples.map((s) => s.rawMs));
    // Judged like every other goal, on the ratio of medians; the median of the per-sample (paired) ratios is shown
    // beside it, since both kinds run interleaved inside each sample.
    const row = overhead(2, 'run a 3-step chain', core, raw, 1.05, 'raw');
    const paired = series('core ÷ raw per sample', 'count', samples.map((s) => s.coreMs / s.rawMs)).summary.median;
    row.detail = `each sample is the mean of ${chainRunsPerSample} chains; median of paired ratios ${paired.toFixed(2)}`;
    const cpu = (pick: (s: ChainBatchResult) => number): number => series('', 'ms', samples.map(pick)).summary.median;
    const cpuNote = `client CPU per chain (median of samples): core ${ms(cpu((s) => s.coreCpuMs))}, raw ${ms(cpu((s) => s.rawCpuMs))}`;
    const analysis: string[] = [];
    if (row.verdict === 'missed') {
      const spots = await whereTimeGoes(ctx, 'chain', 'chainBatch', { endpoint: ctx.endpoint.endpoint, runs: chainRunsPerSample, warmup: 1 });
      analysis.push(
        `3-step chain: core ÷ raw = ${(row.ratio ?? 0).toFixed(2)} (ratio of medians; ${paired.toFixed(2)} as the median of paired samples); ${cpuNote}. Each chain is three round trips to an endpoint on the same 2 busy cores, so wall time is mostly waiting; ` +
          `the CPU figures say how much of a difference is the core's own work (validation, prompts, session names: none of it sends a request). CPU profile of one extra batch (core and raw alike): ${spots.text}.`,
      );
    }
    return {
      rows: [row],
      notes: [
        `${chainSamples} samples × ${chainRunsPerSample} chains of each kind, alternating which goes first; medians ${ms(core.summary.median)} (core) and ${ms(raw.summary.median)} (raw) per chain; ratio of the medians ${(core.summary.median / raw.summary.median).toFixed(2)} (judged), median of paired ratios ${paired.toFixed(2)}; ${cpuNote}.`,
      ],
      analysis,
    };
  },
};
