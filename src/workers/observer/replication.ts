import type { PouchDatabase } from './pouch.js';
import type { BackoffSettings } from '../descriptor.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { withDeadline } from '../../shared/deadline.js';
import { InterruptedError, OperationError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { retry } from '../../shared/retry.js';
import { foreverWithBackoff } from '../backoff.js';
import { REPLICATED_SELECTOR } from './store.js';

export interface ReplicationSettings {
  batchSize: number;
  syncDelayMs: number;
  retry: BackoffSettings;
}

export interface ReplicationStatus {
  state: 'syncing' | 'synced' | 'offline';
  /** Documents CouchDB accepted from this process. */
  replicated: number;
  failedAttempts: number;
  lastError?: string;
}

export interface Replication {
  /** Something was written locally: push soon. */
  kick(): void;
  status(): ReplicationStatus;
  /** Resolves true once everything written before the call has reached CouchDB, false when time runs out first. */
  drain(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const PUSH_TIMEOUT_MS = 60_000;

/**
 * Pushes the local store's telemetry documents (by selector) to CouchDB, in one-shot replications of
 * `batchSize` documents per request: after local writes (each push waits syncDelayMs plus jitter, so writes
 * travel together and many observers do not push in step) and, while CouchDB is unreachable, on the retry
 * helper's back-off, for as long as it takes. The checkpoint stays in the local store (`checkpoint: 'source'`):
 * observer_writer only ever inserts on the server, and a lost checkpoint costs a `_revs_diff`, never a copy.
 */
export function startReplication(
  local: PouchDatabase,
  remote: PouchDatabase,
  settings: ReplicationSettings,
  options: { signal: AbortSignal; log: Logger; clock?: Clock },
): Replication {
  const clock = options.clock ?? systemClock;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const status: ReplicationStatus = { state: 'syncing', replicated: 0, failedAttempts: 0 };
  let requested = 1; // a push at start sends what was written while offline
  let pushed = 0;
  let wake: (() => void) | undefined;
  const waiters: Array<{ upTo: number; resolve: (done: boolean) => void }> = [];

  const pushOnce = () =>
    withDeadline(
      async (pushSignal) => {
        const run = local.replicate.to(remote, {
          selector: REPLICATED_SELECTOR,
          batch_size: settings.batchSize,
          batches_limit: 4,
          checkpoint: 'source',
          retry: false,
        });
        pushSignal.addEventListener('abort', () => run.cancel(), { once: true });
        const result = await run;
        status.replicated += result.docs_written;
        if (result.doc_write_failures > 0) {
          const first = result.errors[0] as { message?: string; reason?: string } | undefined;
          throw new OperationError(
            `CouchDB refused ${result.doc_write_failures} document(s): ${first?.reason ?? first?.message ?? 'no reason given'}`,
            'run `rocketctl seed` (observer_writer needs the telemetry_writer role on the telemetry database)',
          );
        }
      },
      { timeoutMs: PUSH_TIMEOUT_MS, signal, what: 'pushing to CouchDB' },
    );

  const loop = async () => {
    while (!signal.aborted) {
      if (pushed >= requested) await new Promise<void>((resolve) => (wake = resolve));
      if (signal.aborted) break;
      await clock.sleep(settings.syncDelayMs * (1 + Math.random() * settings.retry.jitter), signal);
      const target = requested;
      let offline = false;
      status.state = 'syncing';
      await retry(pushOnce, {
        ...foreverWithBackoff(settings.retry, signal),
        clock,
        onRetry: (error) => {
          status.failedAttempts++;
          status.lastError = error instanceof Error ? error.message : String(error);
          if (!offline) options.log.warn(`observer: CouchDB unreachable, buffering locally and retrying with back-off (${status.lastError})`);
          offline = true;
          status.state = 'offline';
        },
      });
      if (offline) options.log.info(`observer: CouchDB reachable again, ${status.replicated} document(s) replicated so far`);
      pushed = target;
      status.state = pushed >= requested ? 'synced' : 'syncing';
      for (const waiter of waiters.filter((w) => w.upTo <= pushed)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(true);
      }
    }
  };
  const running = loop().catch((error: unknown) => {
    if (!(error instanceof InterruptedError)) options.log.warn(`observer: replication stopped: ${(error as Error).message}`);
  });

  return {
    kick() {
      requested++;
      wake?.();
    },
    status: () => ({ ...status }),
    drain(timeoutMs) {
      if (pushed >= requested) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = { upTo: requested, resolve };
        waiters.push(waiter);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(false);
        }, timeoutMs);
        timer.unref();
      });
    },
    async close() {
      stop.abort();
      wake?.();
      for (const waiter of waiters.splice(0)) waiter.resolve(false);
      await running;
    },
  };
}
