// One object → one file: the object's body is streamed into a temporary file beside its target and moved into place
// at the end (downloadTargets.ts), so a cancelled or failed download never leaves a half-written file under the real
// name. A prefix → a folder tree is in downloadPrefix.ts.
import { createWriteStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CancelledError, isCancelled } from '../../errors';
import { validateBucketName, validateObjectKey } from '../../validation';
import { exists, moveIntoPlace, tempNameFor } from './downloadTargets';
import { invalidInput, s3Error } from './errors';
import type { S3Port } from './regions';

export interface DownloadObjectOptions {
  client: S3Port;
  bucket: string;
  key: string;
  /** The file to write (its folder is created if missing). */
  targetPath: string;
  signal?: AbortSignal;
  /** Bytes written so far and the object's size (when S3 says it). */
  onBytes?: (bytesDone: number, bytesTotal: number | undefined) => void;
  /**
   * Asked when `targetPath` already exists (before the download, and again if it appeared meanwhile): true replaces
   * it. Absent: an existing file is never replaced and the result says `kept`.
   */
  replaceExisting?: (targetPath: string) => Promise<boolean>;
}

export interface DownloadObjectResult {
  path: string;
  bytes: number;
  /** The target already existed and was kept: nothing was written. */
  kept?: true;
}

/** Downloads one object to a file. Throws CancelledError on cancel (the temporary file is removed). */
export async function downloadObject(options: DownloadObjectOptions): Promise<DownloadObjectResult> {
  const { client, bucket, key, targetPath, signal } = options;
  const problem = validateBucketName(bucket) ?? validateObjectKey(key);
  if (problem) throw invalidInput(problem);
  if (signal?.aborted) throw new CancelledError(`Download of ${key} cancelled.`);

  let replace = false;
  if (await exists(targetPath)) {
    if (!(await options.replaceExisting?.(targetPath))) return { path: targetPath, bytes: 0, kept: true };
    replace = true;
  }
  await fsp.mkdir(path.dirname(targetPath), { recursive: true });
  let out;
  try {
    out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  } catch (e) {
    throw s3Error(e, { operation: 'download', bucket, key });
  }
  const body = out.Body;
  if (!(body instanceof Readable)) throw s3Error(new Error('S3 returned no readable body'), { operation: 'download', bucket, key });
  const total = out.ContentLength;
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done): void {
      written += chunk.length;
      options.onBytes?.(written, total);
      done(null, chunk);
    },
  });
  const temp = tempNameFor(targetPath);
  let placed: boolean;
  try {
    await pipeline(body, counter, createWriteStream(temp, { flags: 'wx' }), signal ? { signal } : {});
    if (total !== undefined && written !== total) {
      throw s3Error(new Error(`received ${written} of ${total} bytes`), { operation: 'download', bucket, key });
    }
    placed = await moveIntoPlace(temp, targetPath, replace, options.replaceExisting);
  } catch (e) {
    body.destroy();
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    if (signal?.aborted || isCancelled(e)) throw new CancelledError(`Download of ${key} cancelled.`, { cause: e });
    throw s3Error(e, { operation: 'download', bucket, key });
  }
  if (!placed) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    return { path: targetPath, bytes: 0, kept: true };
  }
  return { path: targetPath, bytes: written };
}
