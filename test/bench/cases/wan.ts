// Case 5: the same large upload under the endpoint's WAN model (latency before each response, a bandwidth cap per
// connection), where parallelism decides: the core against `aws s3 cp`.
import { stat } from 'node:fs/promises';
import type { BenchCase } from '../context';
import { mbs, mib } from '../format';
import { mbPerSec, series, speedup } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { ENGINE_QUEUE_SIZE, coreUploadIn, largeFile, rotate, s3Url } from './shared';

const AWS_CLI_CONCURRENCY = 10;

export const wanCase: BenchCase = {
  id: 'wan',
  title: 'Upload one large file (WAN model)',
  async run(ctx) {
    const file = await largeFile(ctx);
    const size = (await stat(file)).size;
    const { latencyMs = 0, bandwidthBytesPerSec = 0 } = ctx.config.wan;
    const core: TransferResult[] = [];
    const cli: number[] = [];
    await ctx.endpoint.setFaults(ctx.config.wan);
    try {
      for (let rep = 0; rep < ctx.config.reps; rep++) {
        for (const tool of rotate(['core', 'aws'] as const, rep)) {
          if (tool === 'core') core.push(await coreUploadIn(ctx, { sources: [file], prefix: 'bench/wan/core/' }));
          else cli.push(await ctx.cli.run(['s3', 'cp', file, s3Url('bench/wan/awscli/large.bin'), '--sse', 'AES256', '--only-show-errors']));
        }
      }
    } finally {
      await ctx.endpoint.setFaults({});
    }
    const coreS = series('core uploadBatch', 'ms', core.map((r) => r.ms));
    const cliS = series('aws s3 cp', 'ms', cli);
    const row = speedup(5, `upload ${mib(size)} (WAN: ${latencyMs} ms, ${bandwidthBytesPerSec / 1e6} MB/s per connection) vs aws s3 cp`, coreS, cliS, 1.0, 'aws');
    row.detail = `${mbs(mbPerSec(size, coreS.summary.median))} vs ${mbs(mbPerSec(size, cliS.summary.median))}`;
    const ceiling = (connections: number): string => mbs((connections * bandwidthBytesPerSec) / 1e6);
    return {
      rows: [row],
      notes: [
        `Bandwidth ceilings from the model alone: the core's ${ENGINE_QUEUE_SIZE} parts in flight → ${ceiling(ENGINE_QUEUE_SIZE)}; aws s3 cp's ${AWS_CLI_CONCURRENCY} → ${ceiling(AWS_CLI_CONCURRENCY)} (before the loopback's CPU limit).`,
      ],
    };
  },
};
