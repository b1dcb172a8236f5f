// Case 4: one large file on loopback — the core upload path (uploadBatch: lib-storage multipart, 8 MiB parts,
// 4 in flight) against `aws s3 cp` and one raw streamed PutObject, with the uploading process's peak memory.
import { stat } from 'node:fs/promises';
import type { BenchCase } from '../context';
import { mbs, mib, ms } from '../format';
import { bounded, info, mbPerSec, overhead, series, speedup } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { withWorker } from '../workers';
import { BUCKET, ENGINE_QUEUE_SIZE, coreUploadIn, enginePartSize, largeFile, rotate, s3Url } from './shared';

const MiB = 1024 * 1024;
const HEADROOM_MIB = 64;

export const uploadCase: BenchCase = {
  id: 'upload',
  title: 'Upload one large file (loopback)',
  async run(ctx) {
    const file = await largeFile(ctx);
    const size = (await stat(file)).size;
    const core: TransferResult[] = [];
    const raw: TransferResult[] = [];
    const cli: number[] = [];
    const cliFixed: number[] = [];
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      for (const tool of rotate(['core', 'raw', 'aws'] as const, rep)) {
        if (tool === 'core') core.push(await coreUploadIn(ctx, { sources: [file], prefix: 'bench/upload/core/' }));
        if (tool === 'raw') {
          raw.push(await withWorker(ctx.pkg.distDir, (w) => w.call<TransferResult>('rawPut', { ...ctx.target, bucket: BUCKET, key: 'bench/upload/raw/large.bin', file })));
        }
        if (tool === 'aws') cli.push(await ctx.cli.run(['s3', 'cp', file, s3Url('bench/upload/awscli/large.bin'), '--sse', 'AES256', '--only-show-errors']));
      }
      // What every aws command pays before moving a byte: Python start-up plus one request.
      cliFixed.push(await ctx.cli.run(['s3api', 'head-bucket', '--bucket', BUCKET]).catch(() => Number.NaN));
    }
    for (const r of [...core, ...raw]) if (r.bytes !== size) throw new Error(`an upload moved ${r.bytes} of ${size} bytes`);

    const label = `upload ${mib(size)} (loopback)`;
    const coreS = series('core uploadBatch', 'ms', core.map((r) => r.ms));
    const rawS = series('raw streamed PutObject', 'ms', raw.map((r) => r.ms));
    const cliS = series('aws s3 cp', 'ms', cli);
    const partSize = enginePartSize(size);
    const limitMiB = (ENGINE_QUEUE_SIZE * partSize) / MiB + HEADROOM_MIB;
    const memS = series('peak RSS growth, core upload process', 'MiB', core.map((r) => r.memory.peakGrowthMiB));
    const rawMem = series('peak RSS growth, raw PUT process', 'MiB', raw.map((r) => r.memory.peakGrowthMiB));

    const vsCli = speedup(4, `${label} vs aws s3 cp`, coreS, cliS, 1.25, 'aws');
    vsCli.detail = `${mbs(mbPerSec(size, coreS.summary.median))} vs ${mbs(mbPerSec(size, cliS.summary.median))}`;
    const vsRaw = overhead(4, `${label} vs one raw PUT`, coreS, rawS, 1.3, 'raw PUT');
    vsRaw.detail = `raw PUT ${mbs(mbPerSec(size, rawS.summary.median))}`;
    const mem = bounded(4, `${label}: peak RSS growth`, memS, 'max', limitMiB, `≤ ${ENGINE_QUEUE_SIZE} × ${mib(partSize)} + ${HEADROOM_MIB} MiB = ${limitMiB} MiB (worst run)`);
    mem.detail = `sampled every 10 ms: max ${Math.max(...core.map((r) => r.memory.sampledPeakGrowthMiB)).toFixed(1)} MiB; source ${core[0]?.memory.source}`;
    const rawMemRow = info(4, `${label}: peak RSS growth of the raw PUT`, rawMem);

    const fixed = cliFixed.filter((v) => Number.isFinite(v));
    const notes = [
      `${mib(size)} of random bytes, SSE AES256 for all three; core: ${mib(partSize)} parts, ${ENGINE_QUEUE_SIZE} in flight; aws s3 cp: 8 MiB parts, 10 in flight. The core and the raw PUT are timed from the call (SDK already loaded, as in the extension), in a fresh process each; aws s3 cp is timed as a command, start-up included.`,
    ];
    if (fixed.length > 0) {
      const f = series('aws fixed', 'ms', fixed).summary.median;
      notes.push(
        `awscli's fixed cost (\`aws s3api head-bucket\`: start-up + one request) is ${ms(f)}; without it aws s3 cp would take ${ms(cliS.summary.median - f)}, i.e. aws ÷ ours = ${((cliS.summary.median - f) / coreS.summary.median).toFixed(2)}.`,
      );
    }
    return { rows: [vsCli, vsRaw, mem, rawMemRow], notes };
  },
};
