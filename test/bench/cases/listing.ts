// Case 8: a bucket of many keys in equal folders, listed through the core as the S3 view lists: the bucket's top
// level from one request, a big folder's first page, the memory of that folder expanded to its end, and a walk of
// every key. The bucket is seeded once (CopyObject of one empty object), outside the timings.
import type { BenchCase } from '../context';
import { ms } from '../format';
import { bounded, info, series } from '../stats';
import { LISTING_BUCKET } from '../scenario';
import { folderName, type ExpandResult, type FirstPageResult } from '../tasks/listing';
import { withWorker } from '../workers';

export const listingCase: BenchCase = {
  id: 'listing',
  title: 'List a large bucket',
  async run(ctx) {
    const { listingFolders, listingPerFolder, seedConcurrency } = ctx.config;
    const total = listingFolders * listingPerFolder;
    const layout = { bucket: LISTING_BUCKET, folders: listingFolders, perFolder: listingPerFolder };
    const args = { ...ctx.target, bucket: LISTING_BUCKET };
    const bigFolder = folderName(0);

    return withWorker(ctx.pkg.distDir, async (worker) => {
      const seeded = await worker.call<{ objects: number; ms: number }>('seedListing', { ...ctx.target, ...layout, concurrency: seedConcurrency });
      const top: FirstPageResult[] = [];
      const topRequests: number[] = [];
      const folderFirst: FirstPageResult[] = [];
      const folderRequests: number[] = [];
      const expanded: ExpandResult[] = [];
      const whole: Array<{ ms: number; pages: number; objects: number }> = [];
      for (let rep = 0; rep < ctx.config.reps; rep++) {
        await ctx.endpoint.clearLog();
        top.push(await worker.call<FirstPageResult>('firstPage', { ...args, prefix: '' }));
        topRequests.push((await ctx.endpoint.logCounts()).s3);
        await ctx.endpoint.clearLog();
        folderFirst.push(await worker.call<FirstPageResult>('firstPage', { ...args, prefix: bigFolder }));
        folderRequests.push((await ctx.endpoint.logCounts()).s3);
        expanded.push(await worker.call<ExpandResult>('expandFolder', { ...args, prefix: bigFolder }));
        whole.push(await worker.call<{ ms: number; pages: number; objects: number }>('listWholeBucket', args));
      }
      await ctx.endpoint.clearLog();
      for (const t of top) if (t.rows !== listingFolders) throw new Error(`the top level showed ${t.rows} rows, expected ${listingFolders} folders`);
      for (const e of expanded) if (e.objects !== listingPerFolder) throw new Error(`the expanded folder held ${e.objects} of ${listingPerFolder} objects`);
      for (const w of whole) if (w.objects !== total) throw new Error(`the walk found ${w.objects} of ${total} keys`);

      const n = (v: number): string => v.toLocaleString('en-US');
      const firstRows = bounded(8, `bucket of ${n(total)} objects: requests to show its top level (${listingFolders} folders)`, series('S3 requests (request log)', 'count', topRequests), 'max', 1, '1 request');
      const topTime = info(8, 'time to first page: the bucket top level', series('core listPage, fresh client', 'ms', top.map((t) => t.ms)));
      const folderTime = info(
        8,
        `time to first page: a ${n(listingPerFolder)}-object folder (${n(folderFirst[0]?.rows ?? 0)} rows, ${Math.max(...folderRequests)} request)`,
        series('core listPage, fresh client', 'ms', folderFirst.map((t) => t.ms)),
      );
      const memRow = info(8, `a ${n(listingPerFolder)}-object folder fully expanded (${expanded[0]?.pages ?? 0} pages kept): live heap`, series('heap held by the pages', 'MiB', expanded.map((e) => e.heapMiB)));
      memRow.detail = `${((memRow.ours.summary.median * 1024 * 1024) / listingPerFolder).toFixed(0)} bytes per object`;
      const expandTime = info(8, `the same folder expanded to its end`, series('core listPage × pages', 'ms', expanded.map((e) => e.ms)));
      const wholeTime = info(8, `every key of the bucket (${whole[0]?.pages ?? 0} pages)`, series('core listAllObjects', 'ms', whole.map((w) => w.ms)));
      return {
        rows: [firstRows, topTime, folderTime, memRow, expandTime, wholeTime],
        notes: [`Seeding ${n(seeded.objects)} keys (${listingFolders} folders × ${n(listingPerFolder)}, ${seedConcurrency} CopyObject requests at once) took ${ms(seeded.ms)}, not counted.`],
      };
    });
  },
};
