import { InterruptedError, OperationError } from './errors.js';

export interface DeadlineOptions {
  timeoutMs: number;
  /** The caller's signal (Ctrl-C): aborting it aborts the work and rejects with InterruptedError. */
  signal?: AbortSignal | undefined;
  /** The error when the deadline passes; default: an OperationError naming `what`. */
  onTimeout?: () => Error;
  /** Used in the default timeout message: "the Docker engine did not answer within 10 s". */
  what?: string;
}

/**
 * Runs `work` with a signal that fires on the caller's abort or when the deadline passes, and settles
 * at that moment even when `work` ignores its signal: no call can hang the process past its deadline.
 */
export async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, options: DeadlineOptions): Promise<T> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted) throw new InterruptedError();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = options.onTimeout?.() ?? new OperationError(`${options.what ?? 'the operation'} did not finish within ${formatSeconds(timeoutMs)}`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    onAbort = () => {
      const error = new InterruptedError();
      controller.abort(error);
      reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => undefined);
  try {
    return await Promise.race([work(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

export const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1))} s`;
