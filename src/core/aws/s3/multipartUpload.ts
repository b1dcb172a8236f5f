// A multipart upload of one file: finds the upload an earlier attempt left (asking S3 which parts it holds) or
// creates one, sends the missing parts from their byte ranges as the batch's request slots free up, completes it,
// and keeps a resume record meanwhile. A transient failure keeps the upload for later; a cancel or a refusal aborts it.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { classifyAwsError, isCancelled } from '../../errors';
import { MAX_PARTS } from '../../s3Math';
import { DEFAULT_ATTEMPTS, resumable, withAttempts } from './attempts';
import { isNotFound } from './errors';
import { destroyBody, rangeBody } from './fileBodies';
import type { FileUploadOptions, FileUploadOutcome } from './fileUpload';
import { staleReason, type ResumePart, type ResumeRecord } from './resume';
import { sseParams } from './sse';

const LIST_PARTS_PAGE = 1000;

export class MultipartUpload {
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
