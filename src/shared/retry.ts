import { systemClock, type Clock } from './clock.js';
import { InterruptedError, OperationError, throwIfAborted } from './errors.js';
import { formatSeconds } from './deadline.js';

export interface RetryOptions {
  /** Give up once this much time has passed since the first attempt (checked before each wait). */
  timeoutMs: number;
  /** Wait before the second attempt. */
  intervalMs: number;
  /** Each wait is the previous one times this (default 1: a steady poll). */
  backoff?: number;
  maxIntervalMs?: number;
  /** Random extra wait, as a fraction of the interval (0.2 = up to +20 %), so many clients spread out. */
  jitter?: number;
  /** Stop after this many attempts even when time is left. */
  attempts?: number;
  signal?: AbortSignal | undefined;
  clock?: Clock;
  /** Whether an error is worth another attempt (default: every error but an interruption). */
  retryOn?: (error: unknown) => boolean;
  /** Called before each wait: progress lines ("waiting for …: <reason>"). */
  onRetry?: (error: unknown, attempt: number) => void;
  /** The error thrown when time or attempts run out; default: an OperationError with the last cause. */
  onGiveUp?: (lastError: unknown, attempts: number, elapsedMs: number) => Error;
  what?: string;
}

/**
 * The one bounded retry/poll loop: runs `attempt` until it resolves, an error is not retryable, the
 * signal fires, or the deadline or attempt budget is spent. A poll is an attempt that throws while
 * the awaited condition does not hold yet.
 */
export async function retry<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const backoff = options.backoff ?? 1;
  let interval = options.intervalMs;
  for (let n = 1; ; n++) {
    throwIfAborted(options.signal);
    try {
      return await attempt(n);
    } catch (error) {
      if (error instanceof InterruptedError || options.signal?.aborted) throw error instanceof InterruptedError ? error : new InterruptedError();
      if (options.retryOn && !options.retryOn(error)) throw error;
      const elapsed = clock.now() - started;
      const outOfAttempts = options.attempts !== undefined && n >= options.attempts;
      if (outOfAttempts || elapsed + interval > options.timeoutMs) {
        throw options.onGiveUp?.(error, n, elapsed) ?? giveUp(error, n, elapsed, options.what);
      }
      options.onRetry?.(error, n);
      const extra = options.jitter ? Math.random() * options.jitter * interval : 0;
      await clock.sleep(Math.round(interval + extra), options.signal);
      interval = Math.min(interval * backoff, options.maxIntervalMs ?? Number.POSITIVE_INFINITY);
    }
  }
}

function giveUp(error: unknown, attempts: number, elapsedMs: number, what = 'the operation'): OperationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new OperationError(`${what} still failing after ${attempts} attempt(s) in ${formatSeconds(elapsedMs)}: ${reason}`, undefined, { cause: error });
}
