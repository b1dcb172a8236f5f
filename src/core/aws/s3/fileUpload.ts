// One file → one object. Small files go in one PutObject; larger ones as a multipart upload (multipartUpload.ts) whose
// parts are streamed from their byte range of the file (no part buffers), each with the CRC32 the SDK's flexible
// checksums compute as it sends, so S3 verifies every byte and the completion names each part's checksum. Parts share
// the batch's request slots. Progress counts bytes S3 acknowledged. An interruption that a later attempt can mend
// (network, throttling, S3 errors, an expired session) keeps the upload and a resume record; a cancel or a refusal
// aborts it.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { isCancelled } from '../../errors';
import type { Clock } from '../../clock';
import type { Limiter } from '../../limiter';
import { DEFAULT_ATTEMPTS, withAttempts } from './attempts';
import { destroyBody, rangeBody, readWhole } from './fileBodies';
import { MultipartUpload } from './multipartUpload';
import type { S3Port } from './regions';
import type { ResumeStore } from './resume';
import { sseParams, type SseOptions } from './sse';

/** Files up to this size are read whole and sent with their length: cheaper than a chunked stream for tiny files. */
const SMALL_FILE = 256 * 1024;

export interface FileUploadOptions {
  client: S3Port;
  bucket: string;
  key: string;
  localPath: string;
  /** The file as it was checked before sending: resuming requires the same size and mtime. */
  size: number;
  mtimeMs: number;
  sse: SseOptions;
  contentType?: string;
  partSize: number;
  /** Files of at least this many bytes go multipart. */
  multipartThreshold: number;
  /** CRC32 per part (off only for stores that need checksumWhenRequired). */
  checksums: boolean;
  /** The batch's request slots. */
  limiter: Limiter;
  /** Cancel: aborts requests in flight and the multipart upload. */
  signal: AbortSignal;
  /** Bytes of this file S3 has acknowledged (absolute). */
  onAcked(bytes: number): void;
  resume?: ResumeStore;
  owner?: { chainName: string; stepIndex: number };
  clock: Clock;
  maxAttempts?: number;
}

export type FileUploadOutcome =
  | { status: 'uploaded'; etag?: string; /** Bytes found already uploaded by an earlier attempt. */ resumedBytes: number }
  | { status: 'cancelled'; /** A cleanup problem the person must hear of. */ leftover?: string }
  | { status: 'failed'; error: unknown; /** The upload was kept and can be resumed. */ resumable: boolean; leftover?: string };

export async function uploadFile(o: FileUploadOptions): Promise<FileUploadOutcome> {
  if (o.signal.aborted) return { status: 'cancelled' };
  return o.size >= o.multipartThreshold ? new MultipartUpload(o).run() : putWhole(o);
}

async function putWhole(o: FileUploadOptions): Promise<FileUploadOutcome> {
  try {
    const out = await o.limiter.run(
      () =>
        withAttempts(o.maxAttempts ?? DEFAULT_ATTEMPTS, o.signal, async () => {
          const body = o.size <= SMALL_FILE ? await readWhole(o.localPath, o.size) : rangeBody(o.localPath, 0, o.size);
          try {
            return await o.client.send(
              new PutObjectCommand({
                Bucket: o.bucket,
                Key: o.key,
                Body: body as never,
                ContentLength: o.size,
                ...sseParams(o.sse),
                ...(o.contentType ? { ContentType: o.contentType } : {}),
              }),
              { abortSignal: o.signal },
            );
          } finally {
            destroyBody(body);
          }
        }),
      o.signal,
    );
    o.onAcked(o.size);
    return { status: 'uploaded', ...(out.ETag ? { etag: out.ETag } : {}), resumedBytes: 0 };
  } catch (e) {
    if (o.signal.aborted || isCancelled(e)) return { status: 'cancelled' };
    return { status: 'failed', error: e, resumable: false };
  }
}
