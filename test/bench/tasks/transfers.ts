// Transfer tasks run in a fresh worker each: the core upload and download paths, and the raw single PutObject
// reference. Each reports its wall time (from the call, the SDK already loaded) and the process's peak memory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { expandUploadSources } from '../../../src/core/uploadSources';
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
  /** uploadBatch's requests in flight for the batch (default: the engine's). */
  maxRequests?: number;
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
        ...(args.maxRequests ? { maxRequests: args.maxRequests } : {}),
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

export interface RangeUploadArgs extends RawPutArgs {
  partSizeBytes: number;
  queueSize: number;
}

/**
 * Not the product: what the upload path could do instead of lib-storage's buffered parts. Each part is a read
 * stream over its byte range of the file with a known length, so nothing is copied into part buffers and the SDK
 * streams it (aws-chunked, CRC32 trailer, no SHA-256 of the payload), exactly like the raw single PUT.
 */
export async function rangeStreamUpload(args: RangeUploadArgs): Promise<TransferResult> {
  const client = new S3Client({ region: args.region, endpoint: args.endpoint, forcePathStyle: true, credentials: sdkCredentials(args.credentials) });
  try {
    const { result } = await measurePeakAndTime(async () => {
      const size = (await stat(args.file)).size;
      const target = { Bucket: args.bucket, Key: args.key };
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ ...target, ServerSideEncryption: 'AES256' }));
      const count = Math.max(1, Math.ceil(size / args.partSizeBytes));
      const parts: CompletedPart[] = [];
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < count) {
          const i = next++;
          const start = i * args.partSizeBytes;
          const end = Math.min(size, start + args.partSizeBytes);
          const body = createReadStream(args.file, { start, end: end - 1 });
          const out = await client.send(new UploadPartCommand({ ...target, UploadId, PartNumber: i + 1, Body: body, ContentLength: end - start }));
          parts[i] = { PartNumber: i + 1, ETag: out.ETag, ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}) };
        }
      };
      await Promise.all(Array.from({ length: Math.min(args.queueSize, count) }, lane));
      await client.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } }));
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
  /** downloadPrefix's objects at once (default: the engine's). */
  concurrency?: number;
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
      const out = await aws.downloadPrefix({ client, bucket: args.bucket, prefix: args.prefix, targetDir: args.targetDir, ...(args.concurrency ? { concurrency: args.concurrency } : {}) });
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
