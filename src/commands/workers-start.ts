import { ensureSecrets, readSecrets } from '../secrets/secrets.js';
import { OperationError, UsageError, throwIfAborted } from '../shared/errors.js';
import { createFeed } from '../workers/feed.js';
import { startOrder, workerDescriptor, WORKER_NAMES, WORKERS_MEMBER, type WorkerName } from '../workers/descriptors.js';
import { loadWorker, parseWorkerNames } from '../workers/registry.js';
import { currentPidNamespace, processStartTicks } from '../workers/process-identity.js';
import { HEARTBEAT_MS, readRuntimeFile, removeRuntimeFile, type WorkerRuntime } from '../workers/runtime-file.js';
import { judgeRuntime } from '../workers/worker-state.js';
import { superviseWorker } from '../workers/supervised-worker.js';
import { ensureWorkersFolder } from '../workers/workers-folder.js';
import type { StartedWorker, WorkerContext, WorkerHealth } from '../workers/worker.js';
import type { CommandContext } from './context.js';
import { openStack } from './open-stack.js';
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
  // The workers member runs what the config enables; in the foreground every worker may run (those the member runs
  // are refused below), so a worker turned off for the stack can be run and debugged here.
  const defaults = config.runsIn === 'stack' ? WORKER_NAMES.filter((name) => config.workers[name].enabled) : WORKER_NAMES;
  const names = startOrder(options.names.length > 0 ? parseWorkerNames(options.names) : defaults);
  if (names.length === 0)
    throw new UsageError(
      'every worker is disabled in the config: the workers member has nothing to run',
      'enable a worker (workers.<name>.enabled) and run `rocketctl up`',
    );
  if (options.port !== undefined && !names.includes('telemetry')) {
    throw new UsageError(
      '--port sets the telemetry server port, but the telemetry worker is not being started',
      `add telemetry to the workers, or drop --port`,
    );
  }
  if (config.runsIn === 'host') await refuseWorkersTheStackRuns(context, names);
  const factories = await Promise.all(names.map(async (name) => ({ name, create: await loadWorker(name) })));
  // Before anything starts: the runtime files, the observer's store and the listener's checkpoint all live there.
  await ensureWorkersFolder(config.workersDir);
  for (const name of names) {
    // An unusable runtime file (another process's, a pipe, a link) is replaced by the heartbeat's first write.
    const runtime = await readRuntimeFile(config.workersDir, name).catch(() => null);
    if (runtime && !isPredecessor(config.runsIn, runtime) && judgeRuntime(runtime, Date.now()).state === 'running') throw alreadyRuns(name, runtime);
  }
  // What is left is a dead predecessor's word (in a restarted container its pid, even its fresh heartbeat, may look
  // alive): gone before anything starts, so no status reads it as this process's.
  await Promise.all(names.map((name) => removeRuntimeFile(config.workersDir, name)));
  const workerConfig =
    options.port === undefined ? config : { ...config, workers: { ...config.workers, telemetry: { ...config.workers.telemetry, port: options.port } } };
  // In the workers member the secrets are a file rocketctl copied in: read, never completed with made-up values.
  const secrets = config.runsIn === 'stack' ? await readMemberSecrets(config, context.env) : await ensureSecrets(context);
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
      if (config.runsIn === 'stack') {
        // The stack's member never gives up on a worker: it waits for what is missing (README "The workers member").
        const worker = superviseWorker(name, create, workerContext, log);
        started.push({ worker, at: Date.now() });
        // Only the feed's producer is waited for (its consumers look for it at start); a slow start of another
        // (a consumer group rebalancing after a crash) must not hold up the rest.
        if (workerDescriptor(name).feed === 'produces') await worker.firstAttempt;
        continue;
      }
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
    workersDir: config.workersDir,
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

/**
 * A runtime file left by the process this one replaces, whatever its heartbeat says: this process's own pid (the
 * process before it had it: a restarted container, where pids start over), or, in the workers member, a writer in
 * another pid namespace (the member's volume has no other writer than its container: a file from another namespace
 * is the container before this one, killed seconds ago, its heartbeat still fresh).
 */
function isPredecessor(runsIn: 'host' | 'stack', runtime: WorkerRuntime): boolean {
  if (runtime.pid === process.pid) return true;
  // Its pid now belongs to a process that started at another time (in a restarted member, a `docker exec` of the
  // health check can get the very pid the dead writer had, and the new pid namespace its inode number).
  const recorded = runtime.pidStartTicks ?? null;
  const now = recorded === null ? null : processStartTicks(runtime.pid);
  if (now !== null && now !== recorded) return true;
  return runsIn === 'stack' && runtime.pidNamespace !== null && runtime.pidNamespace !== currentPidNamespace();
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

async function readMemberSecrets(config: CommandContext['config'], env: NodeJS.ProcessEnv) {
  const secrets = await readSecrets(config.stateDir, { env });
  if (!secrets) throw new OperationError(`no secrets file in ${config.stateDir}`, 'recreate the workers member with `rocketctl up` on the host');
  return secrets;
}

/**
 * The foreground and the stack must not run the same worker at once: the stack's workers member runs the workers the
 * config enables. Asked of the engine; without one reachable no member can run either.
 */
async function refuseWorkersTheStackRuns(context: CommandContext, names: readonly WorkerName[]): Promise<void> {
  const stack = await openStack(context).catch(() => null);
  if (!stack || !(await stack.isRunning(WORKERS_MEMBER).catch(() => false))) return;
  const clash = names.filter((name) => context.config.workers[name].enabled);
  if (clash.length === 0) return;
  throw new OperationError(
    `${clash.join(', ')} already run${clash.length === 1 ? 's' : ''} in the stack's workers member (${context.config.project}-${WORKERS_MEMBER}): two would write the same store and publish every change twice`,
    `use that one (\`rocketctl workers status\`, \`rocketctl logs ${clash[0]}\`); to run ${clash.length === 1 ? 'it' : 'them'} here instead, set workers.<name>.enabled: false and run \`rocketctl up\` (the member drops ${clash.length === 1 ? 'it' : 'them'}), or stop the member with \`rocketctl down\``,
  );
}
