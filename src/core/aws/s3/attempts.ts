// When a failed S3 request is worth another try, and the loop that tries again. The SDK cannot retry a streamed
// body, so the engine does, with a fresh body per attempt.
import { classifyAwsError } from '../../errors';
import { sleep } from '../../sleep';

/** Attempts per request, unless the caller sets its own. */
export const DEFAULT_ATTEMPTS = 3;

/** Worth another attempt of the same request: the network, throttling, S3's own errors, a request S3 timed out. */
function retryable(e: unknown): boolean {
  const info = classifyAwsError(e);
  if (info.kind === 'network' || info.kind === 'throttled') return true;
  if (info.code === 'RequestTimeout' || info.code === 'TimeoutError') return true;
  return info.kind === 'aws' && (info.httpStatus ?? 0) >= 500;
}

/** Worth keeping a multipart upload for a later attempt: a transient failure, or a session that ended. */
export function resumable(e: unknown): boolean {
  return retryable(e) || classifyAwsError(e).kind === 'expired-credentials';
}

/** Sends with a fresh body per attempt, retrying transient failures with a short back-off. */
export async function withAttempts<T>(attempts: number, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
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
