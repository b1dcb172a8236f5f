// Network models and injected faults: the mutable fault settings, a token-bucket bandwidth cap, and the
// request-body gate that applies the cap and the one-shot connection reset.
import { Transform, type TransformCallback } from 'node:stream';
import type { Faults } from './types';

/** The current fault settings; counters (throttle, slow down, reset) are consumed as they fire. */
export class FaultState {
  private current: Faults;

  constructor(initial: Faults = {}) {
    this.current = { ...initial };
  }

  get(): Faults {
    return { ...this.current };
  }

  set(faults: Faults): void {
    this.current = { ...faults };
  }

  /** True (and one fewer left) when this STS request is to be answered Throttling. */
  takeStsThrottle(): boolean {
    return this.take('stsThrottleNext');
  }

  /** True (and one fewer left) when this S3 request is to be answered SlowDown. */
  takeS3SlowDown(): boolean {
    return this.take('s3SlowDownNext');
  }

  /** The byte count after which this request's connection is reset, if the reset fault applies to it. */
  resetThreshold(operation: string): number | undefined {
    const { resetAfterBodyBytes, resetOperation } = this.current;
    if (resetAfterBodyBytes === undefined || (resetOperation !== undefined && resetOperation !== operation)) return undefined;
    return resetAfterBodyBytes;
  }

  /** Disarms the reset fault; false when another request already fired it. */
  consumeReset(): boolean {
    if (this.current.resetAfterBodyBytes === undefined) return false;
    delete this.current.resetAfterBodyBytes;
    delete this.current.resetOperation;
    return true;
  }

  private take(name: 'stsThrottleNext' | 's3SlowDownNext'): boolean {
    const left = this.current[name] ?? 0;
    if (left <= 0) return false;
    this.current[name] = left - 1;
    return true;
  }
}

/** Resolves after `ms`, or at once if `ms` is not positive; the timer does not keep the process alive. */
export function sleep(ms: number): Promise<void> {
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** One direction of one connection: when it is next free to carry a byte. Shared by the streams using it. */
export class Link {
  nextFree = 0;
}

/** Rate-limits a byte stream (bytes per second read at each chunk, so a change applies mid-transfer). */
export class ThrottleStream extends Transform {
  private timer: NodeJS.Timeout | undefined;
  private total = 0;

  constructor(
    private readonly rate: () => number | undefined,
    private readonly link: Link = new Link(),
    private readonly onBytes: (total: number) => boolean = () => true,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.send(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk), 0, done);
  }

  private send(chunk: Buffer, offset: number, done: TransformCallback): void {
    while (offset < chunk.length) {
      if (this.destroyed) return;
      const rate = this.rate();
      // Pieces of ~50 ms keep the flow smooth without a timer per byte.
      const size = rate && rate > 0 ? Math.max(1, Math.floor(rate / 20)) : chunk.length - offset;
      const piece = chunk.subarray(offset, offset + size);
      offset += piece.length;
      this.total += piece.length;
      if (!this.onBytes(this.total)) {
        this.destroy(new Error('The connection was reset after the configured number of body bytes.'));
        return;
      }
      if (!rate || rate <= 0) {
        this.push(piece);
        continue;
      }
      const now = performance.now();
      this.link.nextFree = Math.max(now, this.link.nextFree) + (piece.length / rate) * 1000;
      const wait = this.link.nextFree - now;
      if (wait < 1) {
        this.push(piece);
        continue;
      }
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.destroyed) return;
        this.push(piece);
        this.send(chunk, offset, done);
      }, wait);
      return;
    }
    done();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    callback(error);
  }
}
