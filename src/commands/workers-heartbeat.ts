import type { Logger } from '../shared/log.js';
import { currentPidNamespace, processStartTicks } from '../workers/process-identity.js';
import { removeRuntimeFile, writeRuntimeFile } from '../workers/runtime-file.js';
import type { StartedWorker } from '../workers/worker.js';

export interface Heartbeat {
  /** The runtime files exist once this resolves (a start that cannot write them fails). */
  firstWrite: Promise<void>;
  /** Stops the timer and waits for a write in flight, so no file reappears after removeFiles. */
  stop(): Promise<void>;
  removeFiles(): Promise<void>;
}

/** Every interval: each worker's runtime file rewritten (atomic, 0600) and the status lines refreshed. */
export function startHeartbeat(options: {
  workersDir: string;
  workers: { worker: StartedWorker; at: number }[];
  intervalMs: number;
  onStatus: () => void;
  log: Logger;
}): Heartbeat {
  const { workersDir, workers, log } = options;
  const pid = process.pid;
  const pidNamespace = currentPidNamespace();
  const pidStartTicks = processStartTicks('self');
  const writeAll = () =>
    Promise.all(
      workers.map(({ worker, at }) =>
        writeRuntimeFile(workersDir, {
          name: worker.name,
          pid,
          pidNamespace,
          pidStartTicks,
          startedAt: new Date(at).toISOString(),
          heartbeatAt: new Date().toISOString(),
          endpoint: worker.endpoint ?? null,
          health: worker.health(),
        }),
      ),
    ).then(() => undefined);
  const warn = (error: unknown) => log.warn(`could not refresh the worker runtime files: ${(error as Error).message}`);
  const firstWrite = writeAll();
  let writing = true;
  let inFlight: Promise<void> = firstWrite.catch(() => undefined).finally(() => (writing = false));
  options.onStatus();
  const timer = setInterval(() => {
    options.onStatus();
    // A slow disk must not stack writes: skip a beat while the previous one is still going.
    if (writing) return;
    writing = true;
    inFlight = writeAll()
      .catch(warn)
      .finally(() => (writing = false));
  }, options.intervalMs);
  return {
    firstWrite,
    async stop() {
      clearInterval(timer);
      await inFlight.catch(() => undefined);
    },
    removeFiles: async () => {
      await Promise.allSettled(workers.map(({ worker }) => removeRuntimeFile(workersDir, worker.name)));
    },
  };
}
