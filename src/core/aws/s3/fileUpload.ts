// One file → one object. Small files go in one PutObject; larger ones as a multipart upload whose parts are streamed
// from their byte range of the file (no part buffers), each with the CRC32 the SDK's flexible checksums compute as
// it sends, so S3 verifies every byte and the completion names each part's checksum. Parts share the batch's request
// slots. Progress counts bytes S3 acknowledged. An interruption that a later attempt can mend (network, throttling,
// S3 errors, an expired session) keeps the upload and a resume record; a cancel or a refusal aborts it.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { classifyAwsError, isCancelled } from '../../errors';
import type { Clock } from '../../clock';
import type { Limiter } from '../../limiter';
import { MAX_PARTS } from '../../s3Math';
import { isNotFound } from './errors';
import type { S3Port } from './regions';
import { staleReason, type ResumePart, type ResumeRecord, type ResumeStore } from './resume';
import { sseParams, type SseOptions } from './sse';

/** Each stream read is this large: memory per part in flight is a few of these, never the part. */
const READ_CHUNK = 256 * 1024;
/** Files up to this size are read whole and sent with their length: cheaper than a chunked stream for tiny files. */
const SMALL_FILE = 256 * 1024;
/** Attempts per request (the SDK cannot retry a streamed body, so the engine does, with a fresh stream). */
const DEFAULT_ATTEMPTS = 3;
const LIST_PARTS_PAGE = 1000;

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

/** Worth another attempt of the same request: the network, throttling, S3's own errors, a request S3 timed out. */
function retryable(e: unknown): boolean {
  const info = classifyAwsError(e);
  if (info.kind === 'network' || info.kind === 'throttled') return true;
  if (info.code === 'RequestTimeout' || info.code === 'TimeoutError') return true;
  return info.kind === 'aws' && (info.httpStatus ?? 0) >= 500;
}

/** Worth keeping the multipart upload for a later attempt: a transient failure, or a session that ended. */
function resumable(e: unknown): boolean {
  return retryable(e) || classifyAwsError(e).kind === 'expired-credentials';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The byte stream of [start, start + length) of the file; an empty buffer for an empty file. */
function rangeBody(localPath: string, start: number, length: number): NodeJS.ReadableStream | Uint8Array {
  if (length === 0) return new Uint8Array(0);
  return createReadStream(localPath, { start, end: start + length - 1, highWaterMark: READ_CHUNK });
}

/** A small file's bytes; fails when the file no longer has the size that was checked (it changed meanwhile). */
async function readWhole(localPath: string, size: number): Promise<Uint8Array> {
  const data = await readFile(localPath);
  if (data.byteLength !== size) throw Object.assign(new Error(`${localPath} changed while it was being uploaded`), { code: 'ECHANGED' });
  return data;
}

function destroyBody(body: NodeJS.ReadableStream | Uint8Array): void {
  if (!(body instanceof Uint8Array)) (body as unknown as { destroy(): void }).destroy();
}

/** Sends with a fresh body per attempt, retrying transient failures with a short back-off. */
async function withAttempts<T>(attempts: number, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (signal.aborted || attempt >= attempts || !retryable(e)) throw e;
      await sleep(100 * 2 ** attempt, signal);
      if (signal.aborted) throw e;
    }
  }
}

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

class MultipartUpload {
  /** Aborts this file's requests in flight: the batch's cancel, or this file's first failure. */
  private readonly stop = new AbortController();
  private readonly done = new Map<number, ResumePart>();
  private record: ResumeRecord | undefined;
  private failure: unknown;
  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;

  constructor(private readonly o: FileUploadOptions) {}

  private get partCount(): number {
    return Math.max(1, Math.ceil(this.o.size / this.o.partSize));
  }

  private partLength(partNumber: number): number {
    return Math.min(this.o.partSize, this.o.size - (partNumber - 1) * this.o.partSize);
  }

  private acked(): number {
    let n = 0;
    for (const p of this.done.values()) n += p.size;
    return n;
  }

  async run(): Promise<FileUploadOutcome> {
    const o = this.o;
    if (this.partCount > MAX_PARTS) {
      return { status: 'failed', error: new Error(`${this.partCount} parts of ${o.partSize} bytes exceed S3's ${MAX_PARTS}`), resumable: false };
    }
    const onCancel = (): void => this.stop.abort();
    o.signal.addEventListener('abort', onCancel, { once: true });
    try {
      let resumedBytes = 0;
      try {
        resumedBytes = await this.start();
      } catch (e) {
        if (o.signal.aborted || isCancelled(e)) return this.cancelled();
        // Nothing was created, or the upload found is kept as it was: nothing to clean up here.
        return { status: 'failed', error: e, resumable: false };
      }
      o.onAcked(this.acked());
      await this.sendMissingParts();
      if (o.signal.aborted) return this.cancelled();
      if (this.failure !== undefined) return this.failed(this.failure);
      try {
        const etag = await this.complete();
        await this.forget();
        return { status: 'uploaded', ...(etag ? { etag } : {}), resumedBytes };
      } catch (e) {
        return this.failed(e);
      }
    } finally {
      o.signal.removeEventListener('abort', onCancel);
    }
  }

  /** Finds a resumable upload (asking S3 which parts it holds) or creates one; returns the bytes already there. */
  private async start(): Promise<number> {
    const o = this.o;
    const found = o.resume?.find(o.bucket, o.key, o.localPath);
    if (found) {
      const stale = staleReason(found, o, o.partSize, o.sse, o.checksums);
      const parts = stale === undefined ? await this.listParts(found.uploadId) : undefined;
      if (parts) {
        for (const p of parts) {
          const fits = p.size === this.partLength(p.partNumber) && (!o.checksums || p.checksumCrc32 !== undefined);
          if (p.partNumber <= this.partCount && fits) this.done.set(p.partNumber, p);
        }
        this.record = { ...found, parts: [...this.done.values()] };
        await this.save();
        return this.acked();
      }
      // Changed file, other settings, or S3 no longer has it: start over (and let go of the old parts).
      if (stale !== undefined) await this.abortQuietly(found.uploadId);
      await o.resume?.remove(found.uploadId);
    }
    // Not tied to the cancel signal: an aborted create could leave an upload whose id nobody learnt.
    const created = await o.limiter.run(() =>
      withAttempts(o.maxAttempts ?? DEFAULT_ATTEMPTS, this.stop.signal, () =>
        o.client.send(
          new CreateMultipartUploadCommand({
            Bucket: o.bucket,
            Key: o.key,
            ...sseParams(o.sse),
            ...(o.contentType ? { ContentType: o.contentType } : {}),
            ...(o.checksums ? { ChecksumAlgorithm: 'CRC32' as const } : {}),
          }),
        ),
      ),
    );
    if (!created.UploadId) throw new Error('S3 returned no UploadId');
    this.record = {
      uploadId: created.UploadId,
      bucket: o.bucket,
      key: o.key,
      localPath: o.localPath,
      size: o.size,
      mtimeMs: o.mtimeMs,
      partSize: o.partSize,
      checksums: o.checksums,
      sse: o.sse,
      parts: [],
      startedAt: o.clock.now(),
      ...(o.owner ?? {}),
    };
    await this.save();
    if (o.signal.aborted) throw new Error('cancelled');
    return 0;
  }

  /** Every part S3 holds for the upload, or undefined when S3 no longer knows it. */
  private async listParts(uploadId: string): Promise<ResumePart[] | undefined> {
    const o = this.o;
    const parts: ResumePart[] = [];
    let marker: string | undefined;
    for (let page = 0; page <= MAX_PARTS / LIST_PARTS_PAGE; page++) {
      let out;
      try {
        out = await o.client.send(
          new ListPartsCommand({ Bucket: o.bucket, Key: o.key, UploadId: uploadId, MaxParts: LIST_PARTS_PAGE, ...(marker ? { PartNumberMarker: marker } : {}) }),
          { abortSignal: o.signal },
        );
      } catch (e) {
        if (isNotFound(e) || classifyAwsError(e).code === 'NoSuchUpload') return undefined;
        throw e;
      }
      for (const p of out.Parts ?? []) {
        if (p.PartNumber === undefined || !p.ETag || p.Size === undefined) continue;
        parts.push({ partNumber: p.PartNumber, etag: p.ETag, size: p.Size, ...(p.ChecksumCRC32 ? { checksumCrc32: p.ChecksumCRC32 } : {}) });
      }
      if (!out.IsTruncated || !out.NextPartNumberMarker) return parts;
      marker = out.NextPartNumberMarker;
    }
    return parts;
  }

  private async sendMissingParts(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    // Parts start one by one as slots free up: one waiter per file, whatever the part count, so memory and listeners
    // stay the same for a 1 GiB file as for a 20 MiB one. The first failure stops the rest of this file.
    for (let n = 1; n <= this.partCount && !this.stop.signal.aborted; n++) {
      if (this.done.has(n)) continue;
      let release: () => void;
      try {
        release = await this.o.limiter.take(this.stop.signal);
      } catch {
        break; // stopped while waiting for a slot
      }
      const part = this.sendPart(n)
        .catch((e: unknown) => {
          if (!isCancelled(e)) this.fail(e);
        })
        .finally(() => {
          release();
          inFlight.delete(part);
        });
      inFlight.add(part);
    }
    await Promise.all(inFlight);
  }

  private fail(e: unknown): void {
    if (this.stop.signal.aborted) return;
    this.failure ??= e;
    this.stop.abort();
  }

  private async sendPart(partNumber: number): Promise<void> {
    const o = this.o;
    const record = this.record;
    if (!record || this.stop.signal.aborted) return;
    const start = (partNumber - 1) * o.partSize;
    const length = this.partLength(partNumber);
    const out = await withAttempts(o.maxAttempts ?? DEFAULT_ATTEMPTS, this.stop.signal, async () => {
      const body = rangeBody(o.localPath, start, length);
      try {
        return await o.client.send(
          new UploadPartCommand({
            Bucket: o.bucket,
            Key: o.key,
            UploadId: record.uploadId,
            PartNumber: partNumber,
            Body: body as never,
            ContentLength: length,
            ...(o.checksums ? { ChecksumAlgorithm: 'CRC32' as const } : {}),
          }),
          { abortSignal: this.stop.signal },
        );
      } finally {
        destroyBody(body);
      }
    });
    if (!out.ETag) throw new Error(`S3 returned no ETag for part ${partNumber}`);
    this.done.set(partNumber, { partNumber, etag: out.ETag, size: length, ...(out.ChecksumCRC32 ? { checksumCrc32: out.ChecksumCRC32 } : {}) });
    o.onAcked(this.acked());
    void this.save();
  }

  private async complete(): Promise<string | undefined> {
    const o = this.o;
    const record = this.record;
    if (!record) throw new Error('no upload to complete');
    const parts: CompletedPart[] = [...this.done.values()]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ...(p.checksumCrc32 ? { ChecksumCRC32: p.checksumCrc32 } : {}) }));
    // Not tied to the cancel signal: an aborted completion would leave its outcome unknown.
    const out = await o.limiter.run(() =>
      o.client.send(new CompleteMultipartUploadCommand({ Bucket: o.bucket, Key: o.key, UploadId: record.uploadId, MultipartUpload: { Parts: parts } })),
    );
    return out.ETag;
  }

  /** Writes the record (coalesced: one write at a time, the latest state last). */
  private save(): Promise<void> {
    const store = this.o.resume;
    if (!store || !this.record) return Promise.resolve();
    if (this.saveQueued) return this.saving;
    this.saveQueued = true;
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      if (!this.record) return;
      await store.save({ ...this.record, parts: [...this.done.values()].sort((a, b) => a.partNumber - b.partNumber) }).catch(() => undefined);
    });
    return this.saving;
  }

  /** The upload is done with (completed or aborted): drop its record once pending writes settled. */
  private async forget(): Promise<void> {
    const record = this.record;
    this.record = undefined;
    await this.saving;
    if (record) await this.o.resume?.remove(record.uploadId).catch(() => undefined);
  }

  private async cancelled(): Promise<FileUploadOutcome> {
    const leftover = await this.abortUpload();
    return { status: 'cancelled', ...(leftover ? { leftover } : {}) };
  }

  private async failed(e: unknown): Promise<FileUploadOutcome> {
    // Kept only where it can be found again: without a resume store it would be an orphan nobody knows of.
    if (resumable(e) && this.record && this.o.resume) {
      await this.save();
      return { status: 'failed', error: e, resumable: true };
    }
    const leftover = await this.abortUpload();
    return { status: 'failed', error: e, resumable: false, ...(leftover ? { leftover } : {}) };
  }

  /** Aborts this file's multipart upload (requests in flight have settled by now); a problem sentence if it could not. */
  private async abortUpload(): Promise<string | undefined> {
    const record = this.record;
    if (!record) return undefined;
    try {
      await this.o.client.send(new AbortMultipartUploadCommand({ Bucket: this.o.bucket, Key: this.o.key, UploadId: record.uploadId }));
    } catch (e) {
      if (!(isNotFound(e) || classifyAwsError(e).code === 'NoSuchUpload')) {
        await this.save();
        return `its partial multipart upload could not be aborted (${classifyAwsError(e).code}); parts may remain until a lifecycle rule removes them, or use Clean Up Incomplete Uploads…`;
      }
    }
    await this.forget();
    return undefined;
  }

  private async abortQuietly(uploadId: string): Promise<void> {
    await this.o.client.send(new AbortMultipartUploadCommand({ Bucket: this.o.bucket, Key: this.o.key, UploadId: uploadId })).catch(() => undefined);
  }
}
