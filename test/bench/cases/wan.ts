// Case 5: the same large upload under the endpoint's WAN model (latency before each response, a bandwidth cap per
// connection), where parallelism decides: the core against `aws s3 cp`, plus the core with the CLI's requests in
// flight (an engine parameter) and the range-stream prototype, to show what parallelism is worth.
import { stat } from 'node:fs/promises';
import type { BenchCase } from '../context';
import { mbs, mib, ms } from '../format';
import { mbPerSec, series, vsCommand } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { withWorker } from '../workers';
import { BUCKET, ENGINE_MAX_REQUESTS, WIDER_QUEUE, awsUpload, commandReference, coreUploadIn, enginePartSize, largeFile, oneByteFixtures, rotate, transferOnly } from './shared';

const AWS_CLI_CONCURRENCY = 10;

export const wanCase: BenchCase = {
  id: 'wan',
  title: 'Upload one large file (WAN model)',
  async run(ctx) {
    const file = await largeFile(ctx);
    const size = (await stat(file)).size;
    const oneByte = await oneByteFixtures(ctx);
    const { latencyMs = 0, bandwidthBytesPerSec = 0 } = ctx.config.wan;
    const core: TransferResult[] = [];
    const wider: TransferResult[] = [];
    const proto: TransferResult[] = [];
    const cli: number[] = [];
    const cliFixed: number[] = [];
    await ctx.endpoint.setFaults(ctx.config.wan);
    try {
      for (let rep = 0; rep < ctx.config.reps; rep++) {
        // The fixed-cost sample runs under the model too: start-up plus one request over the modelled link.
        for (const tool of rotate(['core', 'aws', 'wider', 'proto', 'awsFixed'] as const, rep)) {
          if (tool === 'core') core.push(await coreUploadIn(ctx, { sources: [file], prefix: 'bench/wan/core/' }));
          if (tool === 'wider') wider.push(await coreUploadIn(ctx, { sources: [file], prefix: 'bench/wan/wider/', maxRequests: AWS_CLI_CONCURRENCY }));
          if (tool === 'proto') {
            const args = { ...ctx.target, bucket: BUCKET, file, key: 'bench/wan/proto/large.bin', partSizeBytes: enginePartSize(size), queueSize: WIDER_QUEUE };
            proto.push(await withWorker(ctx.pkg.distDir, (w) => w.call<TransferResult>('rangeStreamUpload', args)));
          }
          if (tool === 'aws') cli.push(await ctx.cli.run(awsUpload(file, 'bench/wan/awscli/large.bin')));
          if (tool === 'awsFixed') cliFixed.push(await ctx.cli.run(awsUpload(oneByte.file, 'bench/wan/awscli/one-byte.bin')));
        }
      }
    } finally {
      await ctx.endpoint.setFaults({});
    }
    const model = `WAN: ${latencyMs} ms, ${bandwidthBytesPerSec / 1e6} MB/s per connection`;
    const coreS = series('core uploadBatch', 'ms', core.map((r) => r.ms));
    const aws = commandReference('aws s3 cp', cli, cliFixed);
    const cliS = aws.command;
    const widerS = series(`core uploadBatch, maxRequests ${AWS_CLI_CONCURRENCY}`, 'ms', wider.map((r) => r.ms));
    const protoS = series(`prototype: range-stream parts, ${WIDER_QUEUE} in flight`, 'ms', proto.map((r) => r.ms));
    const throughput = (s: typeof coreS): string => mbs(mbPerSec(size, s.summary.median));
    const row = vsCommand(5, `upload ${mib(size)} (${model}) vs aws s3 cp`, coreS, aws, 'aws', 1.25);
    row.detail ??= `${throughput(coreS)} vs ${throughput(cliS)} as a command`;
    const widerRow = vsCommand(5, `the same, engine parameter maxRequests ${AWS_CLI_CONCURRENCY} as the CLI's (default ${ENGINE_MAX_REQUESTS})`, widerS, aws, 'aws');
    widerRow.detail ??= `${throughput(widerS)}, peak RSS growth ${Math.max(...wider.map((r) => r.memory.peakGrowthMiB)).toFixed(1)} MiB`;
    const protoRow = vsCommand(5, 'the same, not the product: multipart from file-range streams', protoS, aws, 'aws');
    protoRow.detail ??= throughput(protoS);
    const ceiling = (connections: number): string => mbs((connections * bandwidthBytesPerSec) / 1e6);
    const analysis =
      row.verdict === 'missed'
        ? [
            `Upload under the WAN model: each connection is capped at ${bandwidthBytesPerSec / 1e6} MB/s, so parts in flight set the ceiling — ${ceiling(ENGINE_MAX_REQUESTS)} for the core's ${ENGINE_MAX_REQUESTS}, ${ceiling(AWS_CLI_CONCURRENCY)} for awscli's ${AWS_CLI_CONCURRENCY}; ` +
              `measured ${throughput(coreS)} against ${throughput(cliS)} for aws s3 cp as a command. With maxRequests ${AWS_CLI_CONCURRENCY} the core took ${ms(widerS.summary.median)} (aws transfer only ÷ it = ${transferOnly(aws, widerS.summary.median)}); ` +
              `the range-stream prototype with ${WIDER_QUEUE} in flight ${ms(protoS.summary.median)} (aws transfer only ÷ it = ${transferOnly(aws, protoS.summary.median)}). ` +
              `More parts in flight pay only as far as the client's CPU per part allows (case 4's profile says where it goes).`,
          ]
        : [];
    return {
      rows: [row, widerRow, protoRow],
      notes: [`Bandwidth ceilings from the model alone: the core's ${ENGINE_MAX_REQUESTS} parts in flight → ${ceiling(ENGINE_MAX_REQUESTS)}; aws s3 cp's ${AWS_CLI_CONCURRENCY} → ${ceiling(AWS_CLI_CONCURRENCY)} (before the loopback's CPU limit).`],
      analysis,
    };
  },
};
