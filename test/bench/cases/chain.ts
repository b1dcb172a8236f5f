// Case 2: a three-step chain through the core (runChain, prompts answered by code) against the same three raw
// AssumeRole calls through the SDK, in one worker, alternating.
import type { BenchCase } from '../context';
import { ms } from '../format';
import { overhead, series } from '../stats';
import type { ChainBatchResult } from '../tasks/chains';
import { withWorker } from '../workers';

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
    const row = overhead(2, 'run a 3-step chain', core, raw, 1.05, 'raw');
    row.detail = `each sample is the mean of ${chainRunsPerSample} chains`;
    return {
      rows: [row],
      notes: [
        `${chainSamples} samples × ${chainRunsPerSample} chains of each kind, alternating which goes first; medians ${ms(core.summary.median)} (core) and ${ms(raw.summary.median)} (raw) per chain.`,
      ],
    };
  },
};
