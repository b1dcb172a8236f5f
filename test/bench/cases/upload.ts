// Case 4: one large file on loopback — the core upload path (uploadBatch: lib-storage multipart, 8 MiB parts,
// 4 in flight) against `aws s3 cp` and one raw streamed PutObject, with the uploading process's peak memory. A
// prototype row (parts as file-range streams) shows what a different engine would do on the same machine.
import { stat } from 'node:fs/promises';
import os from 'node:os';
import type { BenchCase } from '../context';
import { mbs, mib, ms } from '../format';
import { bounded, info, infoSpeedup, mbPerSec, overhead, series, speedup } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { withWorker } from '../workers';
import { BUCKET, ENGINE_QUEUE_SIZE, WIDER_QUEUE, coreUploadIn, enginePartSize, largeFile, rotate, s3Url, whereTimeGoes } from './shared';

const MiB = 1024 * 1024;
const HEADROOM_MIB = 64;

export const uploadCase: BenchCase = {
  id: 'upload',
  title: 'Upload one large file (loopback)',
  async run(ctx) {
    const file = await largeFile(ctx);
    const size = (await stat(file)).size;
    const partSize = enginePartSize(size);
    const raw: TransferResult[] = [];
    const core: TransferResult[] = [];
    const proto: TransferResult[] = [];
    const cli: number[] = [];
    const cliFixed: number[] = [];
    const inWorker = (task: string, args: object): Promise<TransferResult> =>
      withWorker(ctx.pkg.distDir, (w) => w.call<TransferResult>(task, { ...ctx.target, bucket: BUCKET, file, ...args }));
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      for (const tool of rotate(['core', 'raw', 'aws', 'proto'] as const, rep)) {
        if (tool === 'core') core.push(await coreUploadIn(ctx, { sources: [file], prefix: 'bench/upload/core/' }));
        if (tool === 'raw') raw.push(await inWorker('rawPut', { key: 'bench/upload/raw/large.bin' }));
        if (tool === 'proto') proto.push(await inWorker('rangeStreamUpload', { key: 'bench/upload/proto/large.bin', partSizeBytes: partSize, queueSize: WIDER_QUEUE }));
        if (tool === 'aws') cli.push(await ctx.cli.run(['s3', 'cp', file, s3Url('bench/upload/awscli/large.bin'), '--sse', 'AES256', '--only-show-errors']));
      }
      // What every aws command pays before moving a byte: Python start-up plus one request.
      cliFixed.push(await ctx.cli.run(['s3api', 'head-bucket', '--bucket', BUCKET]).catch(() => Number.NaN));
    }
    for (const r of [...core, ...raw, ...proto]) if (r.bytes !== size) throw new Error(`an upload moved ${r.bytes} of ${size} bytes`);

    const label = `upload ${mib(size)} (loopback)`;
    const coreS = series('core uploadBatch', 'ms', core.map((r) => r.ms));
    const rawS = series('raw streamed PutObject', 'ms', raw.map((r) => r.ms));
    const cliS = series('aws s3 cp', 'ms', cli);
    const protoS = series(`prototype: range-stream parts, ${WIDER_QUEUE} in flight`, 'ms', proto.map((r) => r.ms));
    const limitMiB = (ENGINE_QUEUE_SIZE * partSize) / MiB + HEADROOM_MIB;
    const memS = series('peak RSS growth, core upload process', 'MiB', core.map((r) => r.memory.peakGrowthMiB));
    const worstMem = (rs: TransferResult[]): number => Math.max(...rs.map((r) => r.memory.peakGrowthMiB));

    const vsCli = speedup(4, `${label} vs aws s3 cp`, coreS, cliS, 1.25, 'aws');
    vsCli.detail = `${mbs(mbPerSec(size, coreS.summary.median))} vs ${mbs(mbPerSec(size, cliS.summary.median))}`;
    const vsRaw = overhead(4, `${label} vs one raw PUT`, coreS, rawS, 1.3, 'raw PUT');
    vsRaw.detail = `raw PUT ${mbs(mbPerSec(size, rawS.summary.median))}`;
    const mem = bounded(4, `${label}: peak RSS growth`, memS, 'max', limitMiB, `≤ ${ENGINE_QUEUE_SIZE} × ${mib(partSize)} + ${HEADROOM_MIB} MiB = ${limitMiB} MiB (worst run)`);
    mem.detail = core[0]?.memory.source === 'VmHWM' ? "the kernel's high-water mark" : '10 ms samples';
    const rawMem = info(4, `${label}: peak RSS growth of the raw PUT`, series('peak RSS growth, raw PUT process', 'MiB', raw.map((r) => r.memory.peakGrowthMiB)));
    const protoRow = infoSpeedup(4, `${label}, not the product: multipart from file-range streams`, protoS, cliS, 'aws');
    protoRow.detail = `${mbs(mbPerSec(size, protoS.summary.median))}, peak RSS growth ${worstMem(proto).toFixed(1)} MiB`;

    const fixed = cliFixed.filter((v) => Number.isFinite(v));
    const fixedMs = fixed.length > 0 ? series('aws fixed', 'ms', fixed).summary.median : undefined;
    const notes = [
      `${mib(size)} of random bytes, SSE AES256 for all; core: ${mib(partSize)} parts, ${ENGINE_QUEUE_SIZE} in flight; aws s3 cp: 8 MiB parts, 10 in flight. The core, the raw PUT and the prototype are timed from the call (SDK already loaded, as in the extension), each in a fresh process; aws s3 cp is timed as a command, start-up included.`,
    ];
    if (fixedMs !== undefined) {
      notes.push(
        `awscli's fixed cost (\`aws s3api head-bucket\`: start-up + one request) is ${ms(fixedMs)}; without it aws s3 cp would take ${ms(cliS.summary.median - fixedMs)}, i.e. aws ÷ ours = ${((cliS.summary.median - fixedMs) / coreS.summary.median).toFixed(2)}.`,
      );
    }

    const analysis: string[] = [];
    if ([vsCli, vsRaw, mem].some((r) => r.verdict === 'missed')) {
      const spots = await whereTimeGoes(ctx, 'upload', 'coreUpload', { ...ctx.target, bucket: BUCKET, sources: [file], prefix: 'bench/upload/profiled/' });
      analysis.push(
        `Upload, loopback (${[vsCli, vsRaw, mem].filter((r) => r.verdict === 'missed').map((r) => r.name.replace(`${label} `, '').replace(`${label}: `, '')).join(', ')} missed): the client's CPU decides on this 2-core machine (load ${os.loadavg()[0]?.toFixed(1)}). ` +
          `A CPU profile of one extra core upload: ${spots.text}. lib-storage cuts the file stream into ${mib(partSize)} Buffers (Buffer.concat copies and the garbage they leave) and the SDK signs each part's payload with SHA-256, which the endpoint then verifies; ` +
          `the raw PUT streams the file with a CRC32 trailer and no payload hash. The prototype row — the same multipart upload with each part a read stream over its byte range (ContentLength set), ${WIDER_QUEUE} in flight — took ${ms(protoS.summary.median)} ` +
          `(aws ÷ it = ${(cliS.summary.median / protoS.summary.median).toFixed(2)}, it ÷ raw PUT = ${(protoS.summary.median / rawS.summary.median).toFixed(2)}, peak RSS growth ${worstMem(proto).toFixed(0)} MiB against ${worstMem(core).toFixed(0)} MiB for lib-storage). ` +
          `Closing the gap: replace lib-storage's buffered parts with range-stream UploadPart calls, and keep ${WIDER_QUEUE} parts in flight.`,
      );
    }
    return { rows: [vsCli, vsRaw, mem, rawMem, protoRow], notes, analysis };
  },
};
