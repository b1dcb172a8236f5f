// Case 6: a folder of many small files — the core path (expand the folder, uploadBatch with 4 files at once)
// against `aws s3 cp --recursive` (10 requests at once).
import path from 'node:path';
import type { BenchCase } from '../context';
import { series, speedup } from '../stats';
import type { TransferResult } from '../tasks/transfers';
import { coreUploadIn, rotate, s3Url, smallFilesFolder } from './shared';

export const folderCase: BenchCase = {
  id: 'folder',
  title: 'Upload a folder of small files',
  async run(ctx) {
    const dir = await smallFilesFolder(ctx);
    const { folderFiles, folderFileBytes } = ctx.config;
    const core: TransferResult[] = [];
    const cli: number[] = [];
    for (let rep = 0; rep < ctx.config.reps; rep++) {
      for (const tool of rotate(['core', 'aws'] as const, rep)) {
        if (tool === 'core') core.push(await coreUploadIn(ctx, { sources: [dir], prefix: 'bench/folder/core/' }));
        else cli.push(await ctx.cli.run(['s3', 'cp', '--recursive', dir, s3Url(`bench/folder/awscli/${path.basename(dir)}/`), '--sse', 'AES256', '--only-show-errors']));
      }
    }
    for (const r of core) if (r.files !== folderFiles) throw new Error(`the core uploaded ${r.files} of ${folderFiles} files`);
    const coreS = series('core expand + uploadBatch', 'ms', core.map((r) => r.ms));
    const cliS = series('aws s3 cp --recursive', 'ms', cli);
    const row = speedup(6, `upload a folder of ${folderFiles.toLocaleString('en-US')} × ${folderFileBytes / 1024} KiB files vs aws s3 cp --recursive`, coreS, cliS, 1.0, 'aws');
    row.detail = `${(folderFiles / (coreS.summary.median / 1000)).toFixed(0)} vs ${(folderFiles / (cliS.summary.median / 1000)).toFixed(0)} files/s`;
    return {
      rows: [row],
      notes: ['The core uploads 4 files at once with one PutObject each and no overwrite question (a HeadObject per file would be added when the UI asks before overwriting).'],
    };
  },
};
