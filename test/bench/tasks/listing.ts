// The listing case: a bucket of many keys in folders of equal size, listed through the core as the S3 view does
// (one page per expand, "Load more…" for the next), with the memory a fully expanded folder holds.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { liveHeapMiB } from '../memory';
import { sdkCredentials } from '../credentials';
import { awsBundle, coreS3Client, type S3Target } from './bundle';
import { createSeedClient } from './seedClient';

export interface ListingLayout {
  bucket: string;
  folders: number;
  perFolder: number;
}

export const folderName = (i: number): string => `folder-${String(i).padStart(2, '0')}/`;
const keyOf = (folder: number, i: number): string => `${folderName(folder)}object-${String(i).padStart(6, '0')}.txt`;

/**
 * Seeds the bucket: one empty object, then a CopyObject of it to every other key. Copies share the source's data
 * in the endpoint, so 100,000 keys cost requests but no files. Set-up only: timed, not a benchmark row.
 */
export async function seedListing(args: S3Target & ListingLayout & { concurrency: number }): Promise<{ objects: number; ms: number }> {
  const started = performance.now();
  const sdk = new S3Client({ region: args.region, endpoint: args.endpoint, forcePathStyle: true, credentials: sdkCredentials(args.credentials) });
  const source = keyOf(0, 0);
  try {
    await sdk.send(new PutObjectCommand({ Bucket: args.bucket, Key: source, Body: new Uint8Array(0), ContentLength: 0 }));
  } finally {
    sdk.destroy();
  }
  const client = createSeedClient(args.endpoint, args.region, args.credentials, args.concurrency);
  try {
    const total = args.folders * args.perFolder;
    let next = 1;
    const lane = async (): Promise<void> => {
      while (next < total) {
        const n = next++;
        await client.copy(args.bucket, keyOf(Math.floor(n / args.perFolder), n % args.perFolder), source);
      }
    };
    await Promise.all(Array.from({ length: args.concurrency }, lane));
    return { objects: total, ms: performance.now() - started };
  } finally {
    client.close();
  }
}

export interface FirstPageResult {
  ms: number;
  rows: number;
  hasMore: boolean;
}

/** What expanding a bucket or folder shows first: one listPage (delimiter '/'), with a fresh client. */
export async function firstPage(args: S3Target & { bucket: string; prefix: string }): Promise<FirstPageResult> {
  const aws = awsBundle();
  const client = coreS3Client(args);
  try {
    const started = performance.now();
    const page = await aws.listPage(client, { bucket: args.bucket, prefix: args.prefix, delimiter: '/' });
    return { ms: performance.now() - started, rows: page.prefixes.length + page.objects.length, hasMore: page.nextToken !== undefined };
  } finally {
    client.destroy();
  }
}

export interface ExpandResult {
  ms: number;
  pages: number;
  objects: number;
  /** Live heap held by the collected pages (after full collections), MiB. */
  heapMiB: number;
}

/** A folder expanded to its end through "Load more…": every listPage kept, as the tree keeps its rows. */
export async function expandFolder(args: S3Target & { bucket: string; prefix: string }): Promise<ExpandResult> {
  const aws = awsBundle();
  const client = coreS3Client(args);
  try {
    // The first request warms the connection and the SDK's lazy parts, so the heap figure holds only rows.
    await aws.listPage(client, { bucket: args.bucket, prefix: args.prefix, pageSize: 1 });
    const before = liveHeapMiB();
    const pages: Array<Awaited<ReturnType<typeof aws.listPage>>> = [];
    const started = performance.now();
    let token: string | undefined;
    for (let i = 0; i < 10_000; i++) {
      const page = await aws.listPage(client, { bucket: args.bucket, prefix: args.prefix, ...(token ? { continuationToken: token } : {}) });
      pages.push(page);
      token = page.nextToken;
      if (!token) break;
    }
    const ms = performance.now() - started;
    const heapMiB = liveHeapMiB() - before;
    const objects = pages.reduce((sum, p) => sum + p.objects.length, 0);
    return { ms, pages: pages.length, objects, heapMiB };
  } finally {
    client.destroy();
  }
}

/** Every key of the bucket through listAllObjects (what a delete or download of everything walks). */
export async function listWholeBucket(args: S3Target & { bucket: string }): Promise<{ ms: number; pages: number; objects: number }> {
  const aws = awsBundle();
  const client = coreS3Client(args);
  try {
    const started = performance.now();
    let pages = 0;
    let objects = 0;
    for await (const page of aws.listAllObjects(client, { bucket: args.bucket, prefix: '' })) {
      pages++;
      objects += page.length;
    }
    return { ms: performance.now() - started, pages, objects };
  } finally {
    client.destroy();
  }
}
