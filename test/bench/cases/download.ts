// Case 7: downloads of the large file and the folder — the core (downloadObject: one streamed GET to a temp file
// then rename; downloadPrefix: list, then 4 at once) against `aws s3 cp` down (ranged GETs, 10 at once).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchCase } from '../context';
import { mbs, mib } from '../format';
import { mbPerSec, series, speedup, type Row } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { coreDownloadIn, coreUploadIn, largeFile, rotate, s3Url, smallFilesFolder } from './shared';

const PREFIX = 'bench/download/';

export const downloadCase: BenchCase = {
  id: 'download',
  title: 'Download the large file and the folder',
  async run(ctx) {
    const file = await largeFile(ctx);
    const dir = await smallFilesFolder(ctx);
    // Set-up through the core (not timed): the objects this case downloads.
    const up = await coreUploadIn(ctx, { sources: [file, dir], prefix: PREFIX });
    const largeKey = `${PREFIX}${path.basename(file)}`;
    const folderPrefix = `${PREFIX}${path.basename(dir)}/`;
    const size = ctx.config.largeFileBytes;
    const out = path.join(ctx.tmp, 'downloads');

    const core = { large: [] as TransferResult[], folder: [] as TransferResult[] };
    const cli = { large: [] as number[], folder: [] as number[] };
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      for (const tool of rotate(['core', 'aws'] as const, rep)) {
        const target = path.join(out, `${tool}-${rep}`);
        if (tool === 'core') {
          core.large.push(await coreDownloadIn(ctx, { key: largeKey, targetPath: path.join(target, 'large.bin') }));
          core.folder.push(await coreDownloadIn(ctx, { prefix: folderPrefix, targetDir: path.join(target, 'folder') }));
        } else {
          cli.large.push(await ctx.cli.run(['s3', 'cp', s3Url(largeKey), path.join(target, 'large.bin'), '--only-show-errors']));
          cli.folder.push(await ctx.cli.run(['s3', 'cp', '--recursive', s3Url(folderPrefix), path.join(target, 'folder'), '--only-show-errors']));
        }
        await rm(target, { recursive: true, force: true });
      }
    }
    for (const r of core.large) if (r.bytes !== size) throw new Error(`a download wrote ${r.bytes} of ${size} bytes`);
    for (const r of core.folder) if (r.files !== ctx.config.folderFiles) throw new Error(`a folder download wrote ${r.files} of ${ctx.config.folderFiles} files`);

    const largeCore = series('core downloadObject', 'ms', core.large.map((r) => r.ms));
    const largeCli = series('aws s3 cp (down)', 'ms', cli.large);
    const largeRow: Row = speedup(7, `download ${mib(size)} (loopback) vs aws s3 cp`, largeCore, largeCli, 1.0, 'aws');
    largeRow.detail = `${mbs(mbPerSec(size, largeCore.summary.median))} vs ${mbs(mbPerSec(size, largeCli.summary.median))}`;
    const folderCore = series('core downloadPrefix', 'ms', core.folder.map((r) => r.ms));
    const folderCli = series('aws s3 cp --recursive (down)', 'ms', cli.folder);
    const folderRow = speedup(7, `download the ${ctx.config.folderFiles.toLocaleString('en-US')}-file folder vs aws s3 cp --recursive`, folderCore, folderCli, 1.0, 'aws');
    const peak = Math.max(...core.large.map((r) => r.memory.peakGrowthMiB));
    return {
      rows: [largeRow, folderRow],
      notes: [
        `Set-up: the core uploaded the ${up.files} objects first (not timed). Peak RSS growth of the core's large download: ${peak.toFixed(1)} MiB (worst run).`,
      ],
    };
  },
};
