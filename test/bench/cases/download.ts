// Case 7: downloads of the large file and the folder — the core (downloadObject, downloadPrefix) against `aws s3 cp`
// down (ranged GETs, 10 at once) and its fixed cost (the same commands on one byte), plus downloadPrefix with more
// objects at once (an engine parameter).
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchCase } from '../context';
import { mbs, mib, ms } from '../format';
import { mbPerSec, series, vsCommand, type Row } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import {
  BUCKET,
  awsDownload,
  commandReference,
  coreDownloadIn,
  coreUploadIn,
  endpointShare,
  largeFile,
  oneByteFixtures,
  rotate,
  smallFilesFolder,
  transferOnly,
  whereTimeGoes,
  withEndpointCpu,
} from './shared';

const PREFIX = 'bench/download/';
const ENGINE_CONCURRENCY = 16; // downloadPrefix's default objects at once (DEFAULT_CONCURRENCY in src/core/aws/s3/downloadPrefix.ts)
const WIDER = 10;
/** Both download goals: aws s3 cp transfer only ÷ ours, ratio of medians. */
const LARGE_GOAL = 1.25;
const FOLDER_GOAL = 1.25;

export const downloadCase: BenchCase = {
  id: 'download',
  title: 'Download the large file and the folder',
  async run(ctx) {
    const file = await largeFile(ctx);
    const dir = await smallFilesFolder(ctx);
    const oneByte = await oneByteFixtures(ctx);
    // Set-up through the core (not timed): the objects this case downloads, and the one-byte object and one-file
    // folder whose downloads measure awscli's fixed cost.
    const up = await coreUploadIn(ctx, { sources: [file, dir, oneByte.file, oneByte.dir], prefix: PREFIX });
    const largeKey = `${PREFIX}${path.basename(file)}`;
    const folderPrefix = `${PREFIX}${path.basename(dir)}/`;
    const oneByteKey = `${PREFIX}${path.basename(oneByte.file)}`;
    const oneFilePrefix = `${PREFIX}${path.basename(oneByte.dir)}/`;
    const size = ctx.config.largeFileBytes;
    const out = path.join(ctx.tmp, 'downloads');

    const core = { large: [] as TransferResult[], folder: [] as TransferResult[], wider: [] as TransferResult[] };
    const cli = { large: [] as number[], folder: [] as number[], largeFixed: [] as number[], folderFixed: [] as number[] };
    const endpointCpu = { core: [] as number[], aws: [] as number[] };
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      for (const tool of rotate(['core', 'aws', 'wider', 'awsFixed'] as const, rep)) {
        const target = path.join(out, `${tool}-${rep}`);
        if (tool === 'core') {
          core.large.push(await coreDownloadIn(ctx, { key: largeKey, targetPath: path.join(target, 'large.bin') }));
          const { result, endpointCpuMs } = await withEndpointCpu(ctx, () => coreDownloadIn(ctx, { prefix: folderPrefix, targetDir: path.join(target, 'folder') }));
          core.folder.push(result);
          endpointCpu.core.push(endpointCpuMs);
        } else if (tool === 'wider') {
          core.wider.push(await coreDownloadIn(ctx, { prefix: folderPrefix, targetDir: path.join(target, 'folder'), concurrency: WIDER }));
        } else if (tool === 'awsFixed') {
          cli.largeFixed.push(await ctx.cli.run(awsDownload(oneByteKey, path.join(target, 'one-byte.bin'))));
          cli.folderFixed.push(await ctx.cli.run(awsDownload(oneFilePrefix, path.join(target, 'one-file'), true)));
        } else {
          cli.large.push(await ctx.cli.run(awsDownload(largeKey, path.join(target, 'large.bin'))));
          const args = awsDownload(folderPrefix, path.join(target, 'folder'), true);
          const { result, endpointCpuMs } = await withEndpointCpu(ctx, () => ctx.cli.run(args));
          cli.folder.push(result);
          endpointCpu.aws.push(endpointCpuMs);
        }
        await rm(target, { recursive: true, force: true });
      }
    }
    for (const r of core.large) if (r.bytes !== size) throw new Error(`a download wrote ${r.bytes} of ${size} bytes`);
    for (const r of [...core.folder, ...core.wider]) if (r.files !== ctx.config.folderFiles) throw new Error(`a folder download wrote ${r.files} of ${ctx.config.folderFiles} files`);

    const largeCore = series('core downloadObject', 'ms', core.large.map((r) => r.ms));
    const largeAws = commandReference('aws s3 cp (down)', cli.large, cli.largeFixed);
    const largeRow: Row = vsCommand(7, `download ${mib(size)} (loopback) vs aws s3 cp`, largeCore, largeAws, 'aws', LARGE_GOAL);
    largeRow.detail ??= `${mbs(mbPerSec(size, largeCore.summary.median))} vs ${mbs(mbPerSec(size, largeAws.command.summary.median))} as a command`;
    const folderCore = series('core downloadPrefix', 'ms', core.folder.map((r) => r.ms));
    const folderAws = commandReference('aws s3 cp --recursive (down)', cli.folder, cli.folderFixed);
    const folderCli = folderAws.command;
    const folderRow = vsCommand(7, `download the ${ctx.config.folderFiles.toLocaleString('en-US')}-file folder vs aws s3 cp --recursive`, folderCore, folderAws, 'aws', FOLDER_GOAL);
    const widerS = series(`core downloadPrefix, concurrency ${WIDER}`, 'ms', core.wider.map((r) => r.ms));
    const widerRow = vsCommand(7, `the same folder, engine parameter concurrency ${WIDER} (default ${ENGINE_CONCURRENCY})`, widerS, folderAws, 'aws');
    const peak = Math.max(...core.large.map((r) => r.memory.peakGrowthMiB));
    const median = (v: number[]): number => series('', 'ms', v).summary.median;
    const share = endpointShare(folderCore.summary.median, median(endpointCpu.core), folderCli.summary.median, median(endpointCpu.aws));

    const analysis: string[] = [];
    if (largeRow.verdict === 'missed') {
      const spots = await whereTimeGoes(ctx, 'download-large', 'coreDownload', { ...ctx.target, bucket: BUCKET, key: largeKey, targetPath: path.join(out, 'profiled', 'large.bin') });
      analysis.push(`Large download: one streamed GET against awscli's 10 ranged GETs; CPU profile of one extra core run: ${spots.text}.`);
    }
    if (folderRow.verdict === 'missed') {
      const spots = await whereTimeGoes(ctx, 'download-folder', 'coreDownload', { ...ctx.target, bucket: BUCKET, prefix: folderPrefix, targetDir: path.join(out, 'profiled', 'folder') });
      analysis.push(
        `Folder download: ${ctx.config.folderFiles} small objects, so per-object cost and concurrency decide (load ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores). downloadPrefix fetches ${ENGINE_CONCURRENCY} at once against awscli's 10, and each object costs a GetObject plus an exclusive temp-file open, close, lstat, link and unlink. ` +
          `CPU profile of one extra core run: ${spots.text}. ${share}. ${spots.busy >= 0.6 ? "The client's CPU is the limit" : 'Neither side is busy most of the time, so requests in flight decide'}: with concurrency ${WIDER} it took ${ms(widerS.summary.median)} (aws transfer only ÷ it = ${transferOnly(folderAws, widerS.summary.median)}): ` +
          `the CLI's ${WIDER} at once ${widerS.summary.median < folderCore.summary.median ? 'was faster than the default on this run' : 'was no faster than the default on this run'}.`,
      );
    }
    await rm(path.join(out, 'profiled'), { recursive: true, force: true });
    return {
      rows: [largeRow, folderRow, widerRow],
      notes: [
        `Set-up: the core uploaded the ${up.files} objects first (not timed). Peak RSS growth of the core's large download: ${peak.toFixed(1)} MiB (worst run).`,
        `Folder: ${share}.`,
      ],
      analysis,
    };
  },
};
