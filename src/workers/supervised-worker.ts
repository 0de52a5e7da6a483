import { RocketError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { WorkerName } from './descriptors.js';
import type { StartedWorker, WorkerContext, WorkerFactory, WorkerHealth } from './worker.js';

export interface SupervisedWorker extends StartedWorker {
  /** Resolves once the first start was tried (started or not), so the next worker in start order may go. */
  readonly firstAttempt: Promise<void>;
}

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 10_000;
/** How often a started worker is asked whether it gave up. */
const WATCH_MS = 2_000;

/**
 * A worker as the stack's workers member runs it: a start that fails (credentials not written yet, a store not
 * seeded, a broker away) is tried again with back-off instead of ending the process, and a worker that gave up
 * (its health says `stopped`) is closed and started again. Meanwhile it reports unhealthy with the reason and
 * the fix, so `workers status`, the engine's health check and the checklist say what is missing; nobody has to
 * restart anything once the missing part is there.
 */
export function superviseWorker(name: WorkerName, create: WorkerFactory, context: WorkerContext, log: Logger): SupervisedWorker {
  let current: StartedWorker | null = null;
  let waiting: { reason: string; until: number } | null = null;
  let attempts = 0;
  let closed = false;
  const stop = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        stop.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      stop.signal.addEventListener('abort', wake, { once: true });
    });
  let markTried!: () => void;
  const firstAttempt = new Promise<void>((resolve) => (markTried = resolve));

  const run = async () => {
    while (!closed) {
      try {
        current = await create(context);
        attempts = 0;
        waiting = null;
        log.info(`${name}: started${current.endpoint ? ` on ${current.endpoint}` : ''}`);
      } catch (error) {
        if (closed || (error as Error).name === 'InterruptedError') break;
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempts++);
        const hint = error instanceof RocketError && error.hint ? ` (fix: ${error.hint})` : '';
        waiting = { reason: `${(error as Error).message.split('\n')[0]}${hint}`, until: Date.now() + delay };
        log.warn(`${name}: could not start: ${waiting.reason}; trying again in ${delay / 1000} s`);
        markTried();
        await sleep(delay);
        continue;
      }
      markTried();
      // Started: watch for a worker that gave up, and start it anew.
      while (!closed && !current.health().stopped) await sleep(WATCH_MS);
      if (closed) break;
      log.warn(`${name}: ${current.health().detail}; starting it again`);
      await current.close().catch(() => undefined);
      current = null;
      await sleep(FIRST_RETRY_MS);
    }
    markTried();
  };
  const running = run();

  return {
    name,
    firstAttempt,
    get endpoint() {
      return current?.endpoint;
    },
    health(): WorkerHealth {
      if (current) return current.health();
      if (waiting)
        return { healthy: false, detail: `not started: ${waiting.reason}; trying again in ${Math.max(0, Math.round((waiting.until - Date.now()) / 1000))} s` };
      return { healthy: false, detail: 'starting' };
    },
    async close() {
      closed = true;
      stop.abort();
      await running;
      await current?.close();
    },
  };
}
