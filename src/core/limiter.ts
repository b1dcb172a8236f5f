// A counting semaphore: the one bound on S3 requests in flight for a whole batch, shared by every file's parts and
// by small files alike, so a folder of tiny files and one large file fill the link the same way.
import { CancelledError } from './errors';

export class Limiter {
  private active = 0;
  private readonly waiting: Array<{ grant(): void; signal?: AbortSignal; onAbort(): void }> = [];

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`A limiter needs at least one slot (got ${slots}).`);
  }

  /** Runs `task` in a slot; waits for one first. An abort while waiting rejects with CancelledError and starts nothing. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Waits for a slot and returns its release (call it once). For callers that start work and go on. */
  async take(signal?: AbortSignal): Promise<() => void> {
    await this.acquire(signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError('Cancelled before it started.'));
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        signal,
        grant: (): void => {
          signal?.removeEventListener('abort', entry.onAbort);
          resolve();
        },
        onAbort: (): void => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new CancelledError('Cancelled before it started.'));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.grant();
    else this.active--;
  }
}
