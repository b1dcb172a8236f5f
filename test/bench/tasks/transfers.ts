// Transfer tasks run in a fresh worker each: the core upload and download paths, and the raw single PutObject
// reference. Each reports its wall time (from the call, the SDK already loaded) and the process's peak memory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expandUploadSources } from '../../../src/core/transfer';
import { measurePeak, type PeakMemory } from '../memory';
import { sdkCredentials } from '../credentials';
import { awsBundle, coreS3Client, type S3Target } from './bundle';

export interface TransferResult {
  ms: number;
  bytes: number;
  files: number;
  memory: PeakMemory;
}

export interface UploadArgs extends S3Target {
  bucket: string;
  /** Local files or folders, uploaded under `prefix` (a folder keeps its name as the first segment). */
  sources: string[];
  prefix: string;
  queueSize?: number;
  partSizeBytes?: number;
  concurrency?: number;
}

/** The extension's upload path: expand the dropped files/folders into items, then uploadBatch. */
export async function coreUpload(args: UploadArgs): Promise<TransferResult> {
  const aws = awsBundle();
  const client = coreS3Client(args);
  try {
    const { result } = await measurePeakAndTime(async () => {
      const expanded = await expandUploadSources(args.sources, args.prefix);
      if (expanded.problems.length > 0) throw new Error(`cannot upload: ${expanded.problems[0]?.reason}`);
      const out = await aws.uploadBatch({
        client,
        bucket: args.bucket,
        items: expanded.items,
        sse: { mode: 'AES256' },
        ...(args.queueSize ? { queueSize: args.queueSize } : {}),
        ...(args.concurrency ? { concurrency: args.concurrency } : {}),
        ...(args.partSizeBytes ? { partSize: () => args.partSizeBytes as number } : {}),
      });
      if (out.failed.length > 0 || out.uploaded.length !== expanded.items.length) {
        throw new Error(`upload incomplete: ${out.uploaded.length} of ${expanded.items.length} uploaded; first problem: ${out.failed[0]?.reason ?? 'none'}`);
      }
      return { bytes: expanded.items.reduce((sum, i) => sum + i.size, 0), files: expanded.items.length };
    });
    return result;
  } finally {
    client.destroy();
  }
}

export interface RawPutArgs extends S3Target {
  bucket: string;
  key: string;
  file: string;
}

/** The reference: one streamed PutObject with a known length, as a script using the SDK directly would send it. */
export async function rawPut(args: RawPutArgs): Promise<TransferResult> {
  const client = new S3Client({ region: args.region, endpoint: args.endpoint, forcePathStyle: true, credentials: sdkCredentials(args.credentials) });
  try {
    const { result } = await measurePeakAndTime(async () => {
      const size = (await stat(args.file)).size;
      await client.send(
        new PutObjectCommand({ Bucket: args.bucket, Key: args.key, Body: createReadStream(args.file), ContentLength: size, ServerSideEncryption: 'AES256' }),
      );
      return { bytes: size, files: 1 };
    });
    return result;
  } finally {
    client.destroy();
  }
}

export interface DownloadArgs extends S3Target {
  bucket: string;
  /** One object (key) or everything under a prefix (prefix + targetDir). */
  key?: string;
  targetPath?: string;
  prefix?: string;
  targetDir?: string;
}

/** The extension's download paths: downloadObject for one object, downloadPrefix for a folder. */
export async function coreDownload(args: DownloadArgs): Promise<TransferResult> {
  const aws = awsBundle();
  const client = coreS3Client(args);
  let downloaded: string[] = [];
  try {
    const { result } = await measurePeakAndTime(async () => {
      if (args.key !== undefined && args.targetPath !== undefined) {
        const out = await aws.downloadObject({ client, bucket: args.bucket, key: args.key, targetPath: args.targetPath });
        return { bytes: out.bytes, files: 1 };
      }
      if (args.prefix === undefined || args.targetDir === undefined) throw new Error('coreDownload needs key + targetPath or prefix + targetDir');
      const out = await aws.downloadPrefix({ client, bucket: args.bucket, prefix: args.prefix, targetDir: args.targetDir });
      if (out.failed.length > 0 || out.skipped.length > 0) throw new Error(`download incomplete: ${out.failed[0]?.reason ?? out.skipped[0]?.reason}`);
      downloaded = out.downloaded.map((d) => d.path);
      return { bytes: 0, files: out.downloaded.length };
    });
    // Sizes are read back after the clock stopped: they prove the bytes arrived, they are not part of the work.
    for (const file of downloaded) result.bytes += (await stat(file)).size;
    return result;
  } finally {
    client.destroy();
  }
}

async function measurePeakAndTime(work: () => Promise<{ bytes: number; files: number }>): Promise<{ result: TransferResult }> {
  let ms = 0;
  const { result, memory } = await measurePeak(async () => {
    const started = performance.now();
    const out = await work();
    ms = performance.now() - started;
    return out;
  });
  return { result: { ...result, ms, memory } };
}
