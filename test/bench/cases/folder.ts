// Case 6: a folder of many small files — the core path (expand the folder, uploadBatch) against `aws s3 cp
// --recursive` (10 requests at once) and its fixed cost (the same command on a one-file folder), plus the core with
// another number of files at once (an engine parameter) to show how much concurrency decides. Download: case 7.
import os from 'node:os';
import path from 'node:path';
import type { BenchCase } from '../context';
import { ms } from '../format';
import { series, vsCommand } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { BUCKET, awsUpload, commandReference, coreUploadIn, endpointShare, oneByteFixtures, rotate, smallFilesFolder, transferOnly, whereTimeGoes, withEndpointCpu } from './shared';

const ENGINE_CONCURRENCY = 16; // uploadBatch's default files at once: its maxRequests
const WIDER = 10;

export const folderCase: BenchCase = {
  id: 'folder',
  title: 'Upload a folder of small files',
  async run(ctx) {
    const dir = await smallFilesFolder(ctx);
    const oneByte = await oneByteFixtures(ctx);
    const { folderFiles, folderFileBytes } = ctx.config;
    const core: TransferResult[] = [];
    const wider: TransferResult[] = [];
    const cli: number[] = [];
    const cliFixed: number[] = [];
    const endpointCpu = { core: [] as number[], aws: [] as number[] };
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      for (const tool of rotate(['core', 'aws', 'wider', 'awsFixed'] as const, rep)) {
        if (tool === 'core') {
          const { result, endpointCpuMs } = await withEndpointCpu(ctx, () => coreUploadIn(ctx, { sources: [dir], prefix: 'bench/folder/core/' }));
          core.push(result);
          endpointCpu.core.push(endpointCpuMs);
        }
        if (tool === 'wider') wider.push(await coreUploadIn(ctx, { sources: [dir], prefix: 'bench/folder/wider/', concurrency: WIDER }));
        if (tool === 'aws') {
          const args = awsUpload(dir, `bench/folder/awscli/${path.basename(dir)}/`, true);
          const { result, endpointCpuMs } = await withEndpointCpu(ctx, () => ctx.cli.run(args));
          cli.push(result);
          endpointCpu.aws.push(endpointCpuMs);
        }
        if (tool === 'awsFixed') cliFixed.push(await ctx.cli.run(awsUpload(oneByte.dir, `bench/folder/awscli/${path.basename(oneByte.dir)}/`, true)));
      }
    }
    for (const r of [...core, ...wider]) if (r.files !== folderFiles) throw new Error(`the core uploaded ${r.files} of ${folderFiles} files`);
    const coreS = series('core expand + uploadBatch', 'ms', core.map((r) => r.ms));
    const aws = commandReference('aws s3 cp --recursive', cli, cliFixed);
    const cliS = aws.command;
    const widerS = series(`core, concurrency ${WIDER}`, 'ms', wider.map((r) => r.ms));
    const filesPerSec = (s: typeof coreS): string => `${(folderFiles / (s.summary.median / 1000)).toFixed(0)} files/s`;
    const row = vsCommand(6, `upload a folder of ${folderFiles.toLocaleString('en-US')} × ${folderFileBytes / 1024} KiB files vs aws s3 cp --recursive`, coreS, aws, 'aws', 1.25);
    row.detail ??= `${filesPerSec(coreS)} vs ${filesPerSec(cliS)} as a command`;
    const widerRow = vsCommand(6, `the same, engine parameter concurrency ${WIDER} (default ${ENGINE_CONCURRENCY})`, widerS, aws, 'aws');
    widerRow.detail ??= filesPerSec(widerS);

    const median = (v: number[]): number => series('', 'ms', v).summary.median;
    const share = endpointShare(coreS.summary.median, median(endpointCpu.core), cliS.summary.median, median(endpointCpu.aws));
    const analysis: string[] = [];
    if (row.verdict === 'missed') {
      const spots = await whereTimeGoes(ctx, 'folder-upload', 'coreUpload', { ...ctx.target, bucket: BUCKET, sources: [dir], prefix: 'bench/folder/profiled/' });
      const wider = `with concurrency ${WIDER} the core took ${ms(widerS.summary.median)} (aws transfer only ÷ it = ${transferOnly(aws, widerS.summary.median)})`;
      analysis.push(
        `Folder upload: ${folderFiles} requests, so per-request cost and concurrency decide (load ${os.loadavg()[0]?.toFixed(1)} on 2 cores). CPU profile of one extra core run: ${spots.text}. ${share}. ` +
          (spots.busy >= 0.6
            ? `The client's CPU is the limit: its per-file work (the SDK's request pipeline, and a stat, open and close in checkReadable before the upload opens the file again) spread over many small costs; ${wider}. ` +
              'Cutting per-file work is the lever, e.g. opening each file once and uploading from that handle.'
            : `Neither side is busy most of the time, so each request mostly waits (round trips, and on a loaded machine the scheduler) and the requests in flight decide: ${wider}. More requests in flight is the lever.`),
      );
    }
    return {
      rows: [row, widerRow],
      notes: ['The core uploads with one PutObject per file and no overwrite question (the UI adds a HeadObject per file when it asks before overwriting).', `${share}.`],
      analysis,
    };
  },
};
