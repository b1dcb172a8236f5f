// Case 3: a signed-in chain re-used from its stored form (as after a window reload): every step's S3 client is
// built from the stored credentials and lists a bucket. The endpoint's request log must show no STS request.
import type { BenchCase } from '../context';
import { ms } from '../format';
import { bounded, info, series } from '../stats';
import { withWorker } from '../workers';

export const reuseCase: BenchCase = {
  id: 'reuse',
  title: 'Re-use a signed-in chain',
  async run(ctx) {
    const result = await withWorker(ctx.pkg.distDir, async (worker) => {
      await worker.call('signIn', { endpoint: ctx.endpoint.endpoint });
      await ctx.endpoint.clearLog();
      const times: number[] = [];
      let listings = 0;
      for (let i = 0; i < ctx.config.reuseReps; i++) {
        const out = await worker.call<{ ms: number; listings: number }>('reuseSession', { endpoint: ctx.endpoint.endpoint });
        times.push(out.ms);
        listings += out.listings;
      }
      return { times, listings, counts: await ctx.endpoint.logCounts() };
    });
    const stsRow = bounded(3, 'STS requests while re-using the session', series('STS requests (request log)', 'count', [result.counts.sts]), 'max', 0, '0 STS requests');
    stsRow.detail = `${result.counts.s3} S3 requests for ${result.listings} listings`;
    const timeRow = info(3, 'read the stored session, build 3 S3 clients, list once each', series('re-use, 3 steps', 'ms', result.times));
    if (result.counts.s3 < result.listings) stsRow.verdict = 'missed'; // the listings never reached the endpoint
    return {
      rows: [stsRow, timeRow],
      notes: [
        `${ctx.config.reuseReps} re-uses of the three-step session, each listing one bucket per step: ${result.counts.sts} STS and ${result.counts.s3} S3 requests in the endpoint's log; median ${ms(timeRow.ours.summary.median)} per re-use.`,
      ],
    };
  },
};
