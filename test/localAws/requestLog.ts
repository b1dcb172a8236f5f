// The request log tests read. The server writes exactly one entry per request, when its response has finished
// (or its connection was dropped), from what the server and the service annotated on the way.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import type { Clock, RequestLogEntry } from './types';

/** What a service may tell the log about the request it is answering. Later annotations win. */
export type LogAnnotation = Partial<Pick<RequestLogEntry, 'operation' | 'errorCode' | 'bucket' | 'key' | 'principal' | 'accessKeyId'>>;

const annotations = new WeakMap<ServerResponse, LogAnnotation>();

/**
 * Names the operation / error code / bucket / key of the request that `res` answers (e.g. from the S3 service).
 * It does not add a log line: the server writes the single entry for this request once the response ends,
 * taking the status from the response and an error code from these annotations (or from an S3 error body).
 */
export function annotateRequest(res: ServerResponse, fields: LogAnnotation): void {
  const merged: LogAnnotation = { ...annotations.get(res) };
  for (const [name, value] of Object.entries(fields) as [keyof LogAnnotation, string | undefined][]) {
    if (value !== undefined) merged[name] = value;
  }
  annotations.set(res, merged);
}

const ERROR_BODY_CAPTURE = 4096;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly current = new AsyncLocalStorage<ServerResponse>();
  private open = 0;

  constructor(private readonly clock: Clock) {}

  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }

  /** Requests that have arrived (their faults read) and whose entry is not written yet: what a test waits on. */
  inFlight(): number {
    return this.open;
  }

  /**
   * ServiceContext.log: inside a request's handling it annotates that request (so a service that logs does not
   * produce a second line); outside any request it appends the entry as given.
   */
  log(entry: Omit<RequestLogEntry, 'time'>): void {
    const res = this.current.getStore();
    if (res) {
      const { operation, errorCode, bucket, key, principal, accessKeyId } = entry;
      annotateRequest(res, { operation, errorCode, bucket, key, principal, accessKeyId });
    } else {
      this.entries.push({ time: this.clock.now(), ...entry });
    }
  }

  /** Starts the entry for one request and runs its handling in a context that ctx.log recognises. */
  track(res: ServerResponse, service: RequestLogEntry['service'], handle: () => Promise<void>): Promise<void> {
    const time = this.clock.now();
    const captured: Buffer[] = [];
    let capturedBytes = 0;
    const capture = (chunk: unknown): void => {
      if (res.statusCode < 400 || capturedBytes >= ERROR_BODY_CAPTURE) return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk) : undefined;
      if (!buffer) return;
      captured.push(buffer.subarray(0, ERROR_BODY_CAPTURE - capturedBytes));
      capturedBytes += Math.min(buffer.length, ERROR_BODY_CAPTURE - capturedBytes);
    };
    // Error documents are sniffed for their <Code> so a service need not annotate every error it writes.
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      capture(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') capture(chunk);
      return end(chunk, ...rest);
    }) as typeof res.end;

    let written = false;
    this.open += 1;
    const finish = (completed: boolean): void => {
      if (written) return;
      written = true;
      this.open -= 1;
      const notes = annotations.get(res) ?? {};
      const sniffed = /<Code>([^<]{1,100})<\/Code>/.exec(Buffer.concat(captured).toString('utf8'))?.[1];
      const status = completed ? res.statusCode : 0;
      const entry: RequestLogEntry = { time, service, operation: notes.operation ?? 'Unknown', status };
      if (notes.principal !== undefined) entry.principal = notes.principal;
      if (notes.accessKeyId !== undefined) entry.accessKeyId = notes.accessKeyId;
      const errorCode = notes.errorCode ?? (status >= 300 ? sniffed : undefined) ?? (completed ? undefined : 'ConnectionClosed');
      if (errorCode !== undefined) entry.errorCode = errorCode;
      if (notes.bucket !== undefined) entry.bucket = notes.bucket;
      if (notes.key !== undefined) entry.key = notes.key;
      this.entries.push(entry);
    };
    res.once('finish', () => finish(true));
    res.once('close', () => finish(res.writableFinished));
    return this.current.run(res, handle);
  }
}
