// Case 4: one large file on loopback — the core upload path (uploadBatch) against one raw streamed PutObject (the
// local endpoint's own limit here) and `aws s3 cp`, with the uploading process's peak memory. In full mode a 1 GiB
// file shows whether memory grows with the file. A prototype row (parts as file-range streams) shows what a
// different engine would do on the same machine.
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchCase } from '../context';
import { writeRandomFile } from '../fixtures';
import { fileSize, mbs, mib, ms } from '../format';
import { bounded, info, mbPerSec, overhead, series, vsCommand, type Row } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { withWorker } from '../workers';
import { BUCKET, WIDER_QUEUE, awsUpload, commandReference, coreUploadIn, enginePartSize, largeFile, oneByteFixtures, rotate, transferOnly, whereTimeGoes } from './shared';

/** The issue's bound on the 200 MiB upload's peak RSS growth (median). */
const MEMORY_LIMIT_MIB = 48;
/** Memory must not grow with the file: the 1 GiB upload's median peak within 10% of the 200 MiB one's. */
const HUGE_MEMORY_RATIO = 1.1;

export const uploadCase: BenchCase = {
  id: 'upload',
  title: 'Upload one large file (loopback)',
  async run(ctx) {
    const file = await largeFile(ctx);
    const size = (await stat(file)).size;
    const oneByte = await oneByteFixtures(ctx);
    const hugeBytes = ctx.config.hugeFileBytes;
    const huge = hugeBytes === undefined ? undefined : path.join(ctx.tmp, 'fixtures', 'huge.bin');
    if (huge && hugeBytes) await writeRandomFile(huge, hugeBytes);
    const partSize = enginePartSize(size);
    const raw: TransferResult[] = [];
    const core: TransferResult[] = [];
    const coreHuge: TransferResult[] = [];
    const proto: TransferResult[] = [];
    const cli: number[] = [];
    const cliFixed: number[] = [];
    const inWorker = (task: string, args: object): Promise<TransferResult> =>
      withWorker(ctx.pkg.distDir, (w) => w.call<TransferResult>(task, { ...ctx.target, bucket: BUCKET, file, ...args }));
    const tools = ['core', 'raw', 'aws', 'awsFixed', 'proto', ...(huge ? (['huge'] as const) : [])] as const;
    try {
      for (let rep = 0; rep < ctx.config.reps; rep++) {
        for (const tool of rotate(tools, rep)) {
          if (tool === 'core') core.push(await coreUploadIn(ctx, { sources: [file], prefix: 'bench/upload/core/' }));
          if (tool === 'huge' && huge) coreHuge.push(await coreUploadIn(ctx, { sources: [huge], prefix: 'bench/upload/core/' }));
          if (tool === 'raw') raw.push(await inWorker('rawPut', { key: 'bench/upload/raw/large.bin' }));
          if (tool === 'proto') proto.push(await inWorker('rangeStreamUpload', { key: 'bench/upload/proto/large.bin', partSizeBytes: partSize, queueSize: WIDER_QUEUE }));
          if (tool === 'aws') cli.push(await ctx.cli.run(awsUpload(file, 'bench/upload/awscli/large.bin')));
          if (tool === 'awsFixed') cliFixed.push(await ctx.cli.run(awsUpload(oneByte.file, 'bench/upload/awscli/one-byte.bin')));
        }
      }
    } finally {
      if (huge) await rm(huge, { force: true });
    }
    for (const r of [...core, ...raw, ...proto]) if (r.bytes !== size) throw new Error(`an upload moved ${r.bytes} of ${size} bytes`);
    for (const r of coreHuge) if (r.bytes !== hugeBytes) throw new Error(`the 1 GiB upload moved ${r.bytes} of ${hugeBytes} bytes`);

    const label = `upload ${mib(size)} (loopback)`;
    const coreS = series('core uploadBatch', 'ms', core.map((r) => r.ms));
    const rawS = series('raw streamed PutObject', 'ms', raw.map((r) => r.ms));
    const aws = commandReference('aws s3 cp', cli, cliFixed);
    const protoS = series(`prototype: range-stream parts, ${WIDER_QUEUE} in flight`, 'ms', proto.map((r) => r.ms));
    const memS = series('peak RSS growth, core upload process', 'MiB', core.map((r) => r.memory.peakGrowthMiB));
    const worstMem = (rs: TransferResult[]): number => Math.max(...rs.map((r) => r.memory.peakGrowthMiB));

    const vsRaw = overhead(4, `${label} vs one raw PUT`, coreS, rawS, 1.05, 'raw PUT');
    vsRaw.detail = `${mbs(mbPerSec(size, coreS.summary.median))} vs ${mbs(mbPerSec(size, rawS.summary.median))}`;
    const vsCli = vsCommand(4, `${label} vs aws s3 cp`, coreS, aws, 'aws', 1.1);
    vsCli.detail ??= `aws s3 cp ${mbs(mbPerSec(size, aws.command.summary.median))} as a command`;
    const mem = bounded(4, `${label}: peak RSS growth`, memS, 'median', MEMORY_LIMIT_MIB, `≤ ${MEMORY_LIMIT_MIB} MiB (median)`);
    // A ratio on every goal row (results.json): here the median against the bound.
    mem.ratio = memS.summary.median / MEMORY_LIMIT_MIB;
    mem.ratioOf = `median ÷ ${MEMORY_LIMIT_MIB} MiB`;
    mem.detail = `${core[0]?.memory.source === 'VmHWM' ? "the kernel's high-water mark" : '10 ms samples'}; worst run ${worstMem(core).toFixed(1)} MiB`;
    const rawMem = info(4, `${label}: peak RSS growth of the raw PUT`, series('peak RSS growth, raw PUT process', 'MiB', raw.map((r) => r.memory.peakGrowthMiB)));
    const protoRow = vsCommand(4, `${label}, not the product: multipart from file-range streams`, protoS, aws, 'aws');
    protoRow.detail ??= `${mbs(mbPerSec(size, protoS.summary.median))}, peak RSS growth ${worstMem(proto).toFixed(1)} MiB`;

    const rows: Row[] = [vsRaw, vsCli, mem];
    const notes = [
      `${mib(size)} of random bytes, SSE AES256 for all; core: ${mib(partSize)} parts; aws s3 cp: 8 MiB parts, 10 in flight. The core, the raw PUT and the prototype are timed from the call (SDK already loaded, as in the extension), each in a fresh process.`,
    ];
    if (hugeBytes !== undefined) {
      const hugeMemS = series(`peak RSS growth, core upload process (${fileSize(hugeBytes)})`, 'MiB', coreHuge.map((r) => r.memory.peakGrowthMiB));
      const hugeMem = overhead(4, `upload ${fileSize(hugeBytes)} (loopback): peak RSS growth against ${mib(size)}`, hugeMemS, { ...memS, label: `the ${mib(size)} upload's` }, HUGE_MEMORY_RATIO, mib(size));
      hugeMem.ratioOf = `${fileSize(hugeBytes)} ÷ ${mib(size)}`;
      hugeMem.goal = `${hugeMem.ratioOf} ≤ ${HUGE_MEMORY_RATIO.toFixed(2)}`;
      hugeMem.detail = `worst run ${worstMem(coreHuge).toFixed(1)} MiB`;
      const hugeTime = info(4, `upload ${fileSize(hugeBytes)} (loopback)`, series('core uploadBatch', 'ms', coreHuge.map((r) => r.ms)));
      hugeTime.detail = mbs(mbPerSec(hugeBytes, hugeTime.ours.summary.median));
      rows.push(hugeMem, hugeTime);
    } else {
      notes.push('The 1 GiB upload (memory must not grow with the file) runs in full mode only.');
    }
    rows.push(rawMem, protoRow);

    const analysis: string[] = [];
    const missed = rows.filter((r) => r.verdict === 'missed');
    if (missed.length > 0) {
      const spots = await whereTimeGoes(ctx, 'upload', 'coreUpload', { ...ctx.target, bucket: BUCKET, sources: [file], prefix: 'bench/upload/profiled/' });
      analysis.push(
        `Upload, loopback (${missed.map((r) => r.name.replace(`${label} `, '').replace(`${label}: `, '')).join(', ')} missed; load ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores). ` +
          `A CPU profile of one extra core upload: ${spots.text}. The raw PUT streams the file with a CRC32 trailer and no payload hash. The prototype row — the same multipart upload with each part a read stream over its byte range (ContentLength set), ${WIDER_QUEUE} in flight — took ${ms(protoS.summary.median)} ` +
          `(aws transfer only ÷ it = ${transferOnly(aws, protoS.summary.median)}, it ÷ raw PUT = ${(protoS.summary.median / rawS.summary.median).toFixed(2)}, peak RSS growth ${worstMem(proto).toFixed(0)} MiB against ${worstMem(core).toFixed(0)} MiB for the core): ` +
          `what streaming each part from its byte range, with more parts in flight, would change on this machine.`,
      );
    }
    return { rows, notes, analysis };
  },
};
