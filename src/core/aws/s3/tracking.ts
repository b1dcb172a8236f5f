// A per-file view of an S3 client for lib-storage's Upload. lib-storage alone leaves three gaps this closes:
// - progress: in Node it reports once per finished part (8 MB and more); here bytes are counted as the request body
//   is written to the socket, so progress moves smoothly;
// - cancel: its abort() rejects done() at once but lets in-flight requests run, and sends AbortMultipartUpload later
//   in the background; here in-flight part requests are aborted, every upload id it created is remembered, and
//   cleanup() waits for the requests to settle and aborts each unfinished multipart upload before returning, so
//   no parts are left behind when the batch reports "cancelled";
// - failure: a failed part does not stop its sibling parts (it keeps reading and sending the rest of the file);
//   here the first failure aborts the file at once and is kept as the reason.
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { FinalizeHandler, FinalizeHandlerArguments, FinalizeHandlerOutput, MetadataBearer } from '@smithy/types';
import { isNotFound } from './errors';

/** Bodies smaller than this go out in one write; counting them would only add overhead. */
const COUNT_THRESHOLD = 256 * 1024;
const COUNT_CHUNK = 64 * 1024;
/** Upper bound on waiting for in-flight requests after an abort (they were aborted, so this is a safety net). */
const SETTLE_TIMEOUT_MS = 30_000;

type Sendable = Parameters<S3Client['send']>[0];
type SendOptions = { abortSignal?: AbortSignal } | undefined;

/** Replays a buffer as a stream, reporting how far the consumer (the socket) has read. */
function countingBody(data: Uint8Array, onRead: (bytes: number) => void): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: COUNT_CHUNK,
    read(): void {
      if (offset >= data.byteLength) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + COUNT_CHUNK, data.byteLength);
      const chunk = data.subarray(offset, end);
      offset = end;
      onRead(offset);
      this.push(chunk);
    },
  });
}

function bodyLength(input: unknown): number {
  const body = typeof input === 'object' && input !== null ? (input as { Body?: unknown }).Body : undefined;
  return body instanceof Uint8Array ? body.byteLength : 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}

export interface TrackerOptions {
  client: S3Client;
  bucket: string;
  key: string;
  /** Aborting it aborts every in-flight part request of this file. */
  controller: AbortController;
  /** Total bytes of this file sent so far (monotonic per attempt; a retried part starts again from its start). */
  onBytes(bytes: number): void;
}

export class UploadTracker {
  /** Hand this to `new Upload({ client })`. */
  readonly client: S3Client;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly created = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly attempts = new Map<object, number>();
  private confirmed = 0;
  private failure: unknown;

  constructor(private readonly options: TrackerOptions) {
    const view = Object.create(options.client) as S3Client;
    const send = (command: Sendable, sendOptions?: SendOptions): Promise<unknown> => this.send(command, sendOptions);
    view.send = send as S3Client['send'];
    this.client = view;
  }

  /** The first request failure (before any abort), the real reason when done() reports "aborted". */
  get firstFailure(): unknown {
    return this.failure;
  }

  private report(): void {
    let bytes = this.confirmed;
    for (const n of this.attempts.values()) bytes += n;
    this.options.onBytes(bytes);
  }

  private countBytes(command: Sendable): void {
    const counter = (next: FinalizeHandler<object, MetadataBearer>) =>
      async (args: FinalizeHandlerArguments<object>): Promise<FinalizeHandlerOutput<MetadataBearer>> => {
        const request = args.request as { body?: unknown };
        if (!(request.body instanceof Uint8Array) || request.body.byteLength < COUNT_THRESHOLD) return next(args);
        // Each attempt (the SDK retries below this point's caller) starts counting this request from zero.
        this.attempts.set(command, 0);
        const body = countingBody(request.body, (n) => {
          this.attempts.set(command, n);
          this.report();
        });
        return next({ ...args, request: { ...request, body } });
      };
    command.middlewareStack.addRelativeTo(counter as Parameters<typeof command.middlewareStack.addRelativeTo>[0], {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'roleChainsUploadProgress',
      override: true,
    });
  }

  private send(command: Sendable, sendOptions: SendOptions): Promise<unknown> {
    const { controller } = this.options;
    // CreateMultipartUpload and Complete are never cut off: an aborted Create could leave an upload whose id
    // nobody learnt, an aborted Complete an unknown outcome. AbortMultipartUpload must go out after the abort.
    const protectedCall =
      command instanceof CreateMultipartUploadCommand ||
      command instanceof CompleteMultipartUploadCommand ||
      command instanceof AbortMultipartUploadCommand;
    const counted = !protectedCall && bodyLength(command.input) > 0;
    if (counted) this.countBytes(command);
    const size = bodyLength(command.input);
    const options = protectedCall ? sendOptions : { ...sendOptions, abortSignal: controller.signal };
    const promise = this.options.client.send(command as never, options as never) as Promise<unknown>;
    const tracked = promise.then(
      (out) => {
        if (command instanceof CreateMultipartUploadCommand) {
          const id = (out as { UploadId?: string }).UploadId;
          if (id) this.created.add(id);
        } else if (command instanceof CompleteMultipartUploadCommand && command.input.UploadId) {
          this.finished.add(command.input.UploadId);
        } else if (!protectedCall) {
          this.attempts.delete(command);
          this.confirmed += size;
          this.report();
        }
        return out;
      },
      (e: unknown) => {
        this.attempts.delete(command);
        if (!controller.signal.aborted && !(command instanceof AbortMultipartUploadCommand)) {
          this.failure ??= e;
          controller.abort();
        }
        throw e;
      },
    );
    this.inFlight.add(tracked);
    void tracked.then(
      () => this.inFlight.delete(tracked),
      () => this.inFlight.delete(tracked),
    );
    return tracked;
  }

  /**
   * After a failed or cancelled upload: waits for the requests still in flight, then aborts every multipart
   * upload this file created and did not complete. Returns a problem sentence when an abort itself failed
   * (parts may be left: the person must know).
   */
  async cleanup(): Promise<string | undefined> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), delay(Math.max(0, deadline - Date.now()))]);
    }
    const problems: string[] = [];
    for (const uploadId of this.created) {
      if (this.finished.has(uploadId)) continue;
      try {
        await this.options.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: this.options.key, UploadId: uploadId }));
        this.finished.add(uploadId);
      } catch (e) {
        // Already aborted (lib-storage sends its own abort too) or completed: nothing left behind.
        if (isNotFound(e) || (e as { name?: unknown }).name === 'NoSuchUpload') {
          this.finished.add(uploadId);
          continue;
        }
        problems.push(`its partial multipart upload could not be aborted (${(e as { name?: unknown }).name ?? 'error'}); parts may remain until a lifecycle rule removes them`);
      }
    }
    return problems.length ? problems.join('; ') : undefined;
  }
}
