import { InterruptedError } from './errors.js';

/**
 * Time as the retry helper sees it. Production code uses systemClock; tests inject a manual clock so
 * that back-off and deadlines are exercised without waiting for real time to pass.
 */
export interface Clock {
  now(): number;
  /** Waits ms, or rejects with InterruptedError as soon as the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new InterruptedError());
      const onAbort = () => {
        clearTimeout(timer);
        reject(new InterruptedError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when told: sleep() resolves once advance() has passed its wake-up time. */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  /** Total time slept so far, for assertions on back-off. */
  readonly slept: number[];
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const slept: number[] = [];
  return {
    now: () => now,
    slept,
    sleep(ms, signal) {
      slept.push(ms);
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new InterruptedError());
        signal?.addEventListener('abort', () => reject(new InterruptedError()), { once: true });
        sleepers.push({ at: now + ms, wake: resolve });
      });
    },
    async advance(ms) {
      now += ms;
      for (const sleeper of sleepers.filter((s) => s.at <= now)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
      // Let the woken code run up to its next sleep before the caller looks.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}
