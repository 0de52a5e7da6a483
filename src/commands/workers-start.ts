import { ensureSecrets } from '../secrets/secrets.js';
import { OperationError, UsageError, throwIfAborted } from '../shared/errors.js';
import { createFeed } from '../workers/feed.js';
import { startOrder, WORKER_NAMES, type WorkerName } from '../workers/descriptors.js';
import { loadWorker, parseWorkerNames } from '../workers/registry.js';
import { currentPidNamespace } from '../workers/process-identity.js';
import { HEARTBEAT_MS, readRuntimeFile, type WorkerRuntime } from '../workers/runtime-file.js';
import { judgeRuntime } from '../workers/worker-state.js';
import { ensureWorkersFolder } from '../workers/workers-folder.js';
import type { StartedWorker, WorkerContext, WorkerHealth } from '../workers/worker.js';
import type { CommandContext } from './context.js';
import { startHeartbeat } from './workers-heartbeat.js';

export interface WorkersStartOptions {
  /** Worker names; empty = every worker the config enables. */
  names: string[];
  /** Port of the telemetry server for this run (0 = a free one). */
  port?: number;
  /** Called at start and on every heartbeat with each worker's state (the CLI draws the status lines). */
  onStatus?: (rows: WorkerStatusRow[]) => void;
  heartbeatMs?: number;
}

export interface WorkerStatusRow {
  name: WorkerName;
  endpoint: string | null;
  health: WorkerHealth;
}

export interface WorkersStartResult {
  workers: (WorkerStatusRow & { ranSeconds: number })[];
}

/**
 * `rocketctl workers start [NAME...] [--port N]`: starts the workers in this process, keeps their
 * runtime files fresh, and on the signal (Ctrl-C, SIGTERM) closes every one of them and returns.
 */
export async function workersStart(context: CommandContext, options: WorkersStartOptions): Promise<WorkersStartResult> {
  const { config, signal, log } = context;
  const names = startOrder(options.names.length > 0 ? parseWorkerNames(options.names) : WORKER_NAMES.filter((name) => config.workers[name].enabled));
  if (names.length === 0)
    throw new UsageError(
      'every worker is disabled in the config (workers.<name>.enabled: false)',
      'name the workers to run, e.g. rocketctl workers start telemetry, or enable one in the config',
    );
  if (options.port !== undefined && !names.includes('telemetry')) {
    throw new UsageError(
      '--port sets the telemetry server port, but the telemetry worker is not being started',
      `add telemetry to the workers, or drop --port`,
    );
  }
  const factories = await Promise.all(names.map(async (name) => ({ name, create: await loadWorker(name) })));
  // Before anything starts: the runtime files, the observer's store and the listener's checkpoint all live there.
  await ensureWorkersFolder(config.stateDir);
  for (const name of names) {
    // An unusable runtime file (another process's, a pipe, a link) is replaced by the heartbeat's first write.
    const runtime = await readRuntimeFile(config.stateDir, name).catch(() => null);
    if (runtime && judgeRuntime(runtime, Date.now()).state === 'running') throw alreadyRuns(name, runtime);
  }
  const workerConfig =
    options.port === undefined ? config : { ...config, workers: { ...config.workers, telemetry: { ...config.workers.telemetry, port: options.port } } };
  const secrets = await ensureSecrets(context);
  const workerContext: WorkerContext = {
    config: workerConfig,
    secrets,
    signal,
    log,
    feeds: { telemetry: createFeed((error) => log.warn(`a telemetry subscriber failed: ${(error as Error).message}`)) },
  };
  const started: { worker: StartedWorker; at: number }[] = [];
  const closeAll = () => Promise.allSettled(started.map(({ worker }) => worker.close()));
  try {
    // In start order: the telemetry feed's producer is up before a consumer looks for it.
    for (const { name, create } of factories) {
      throwIfAborted(signal);
      const worker = await create(workerContext);
      started.push({ worker, at: Date.now() });
      log.info(`${name}: started${worker.endpoint ? ` on ${worker.endpoint}` : ''}`);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const rows = () => started.map(({ worker }): WorkerStatusRow => ({ name: worker.name, endpoint: worker.endpoint ?? null, health: worker.health() }));
  const heartbeat = startHeartbeat({
    stateDir: config.stateDir,
    workers: started,
    intervalMs: options.heartbeatMs ?? HEARTBEAT_MS,
    onStatus: () => options.onStatus?.(rows()),
    log,
  });
  try {
    await heartbeat.firstWrite;
    // Secrets made, runtime files written: nothing else of the project is changed from here, so another command may run.
    await context.releaseLock?.();
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } finally {
    await heartbeat.stop();
    const closed = await closeAll();
    for (const [i, result] of closed.entries()) {
      if (result.status === 'rejected') log.warn(`${started[i]!.worker.name}: close failed: ${(result.reason as Error).message}`);
    }
    await heartbeat.removeFiles();
  }
  const final = rows();
  return { workers: final.map((row, i) => ({ ...row, ranSeconds: Math.round((Date.now() - started[i]!.at) / 100) / 10 })) };
}

function alreadyRuns(name: WorkerName, runtime: WorkerRuntime): OperationError {
  const sameNamespace = runtime.pidNamespace === null || runtime.pidNamespace === currentPidNamespace();
  return new OperationError(
    `the ${name} worker already runs (pid ${runtime.pid}${sameNamespace ? '' : ' in another pid namespace'}, ${runtime.endpoint ?? 'no endpoint'})`,
    sameNamespace
      ? `stop it first (Ctrl-C where it runs, or kill ${runtime.pid}); rocketctl workers status shows what runs`
      : 'stop it first where it runs (a container?); rocketctl workers status shows what runs',
  );
}
