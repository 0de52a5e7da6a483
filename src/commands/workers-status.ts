import type { ResolvedConfig } from '../config/types.js';
import { withDeadline } from '../shared/deadline.js';
import { InterruptedError } from '../shared/errors.js';
import { WORKER_NAMES, type WorkerName } from '../workers/descriptors.js';
import { isOwnEndpoint } from '../workers/endpoint.js';
import { loadProbe, parseWorkerNames } from '../workers/registry.js';
import { readRuntimeFile, type WorkerRuntime } from '../workers/runtime-file.js';
import { judgeRuntime, type WorkerState } from '../workers/worker-state.js';
import type { CommandContext } from './context.js';

export interface WorkerStatus {
  name: WorkerName;
  state: WorkerState;
  healthy: boolean;
  pid: number | null;
  endpoint: string | null;
  detail: string;
  startedAt?: string;
  heartbeatAt?: string;
  metrics?: Record<string, number>;
}

const PROBE_TIMEOUT_MS = 3000;

/**
 * `rocketctl workers status [NAME...]`: read-only (it never creates a file or folder). Lists every
 * worker (or the named ones); ok only when each one that counts is running and healthy: the named
 * ones, or else every worker the config enables.
 */
export async function workersStatus(context: CommandContext, options: { names: string[] }): Promise<{ ok: boolean; workers: WorkerStatus[] }> {
  const requested = parseWorkerNames(options.names);
  const shown = requested.length > 0 ? requested : [...WORKER_NAMES];
  const workers = await Promise.all(shown.map((name) => inspectWorker(context.config, name, context.signal)));
  const counts = (w: WorkerStatus) => requested.length > 0 || context.config.workers[w.name].enabled;
  return { ok: workers.filter(counts).every((w) => w.state === 'running' && w.healthy), workers };
}

export async function inspectWorker(config: ResolvedConfig, name: WorkerName, signal: AbortSignal): Promise<WorkerStatus> {
  const runtime = await readRuntimeFile(config.stateDir, name).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  const judged = judgeRuntime(runtime, Date.now());
  const known = runtime instanceof Error || runtime === null ? null : runtime;
  const status: WorkerStatus = {
    name,
    ...judged,
    pid: known?.pid ?? null,
    endpoint: known?.endpoint ?? null,
    ...(judged.state === 'stopped' ? { detail: `not running (start it with rocketctl workers start ${name})` } : {}),
    ...(known ? pickTimes(known) : {}),
  };
  if (status.state !== 'running' || !status.endpoint) return status;
  if (!isOwnEndpoint(status.endpoint, config.bindAddress))
    return {
      ...status,
      healthy: false,
      detail: `its endpoint ${status.endpoint} is neither loopback nor the bind address ${config.bindAddress}: not probed (a worker of this project never writes it)`,
    };
  const probe = await loadProbe(name);
  if (!probe) return status;
  try {
    const endpoint = status.endpoint;
    const answer = await withDeadline((probeSignal) => probe(endpoint, probeSignal), {
      timeoutMs: PROBE_TIMEOUT_MS,
      signal,
      what: `the ${name} worker at ${endpoint}`,
    });
    return { ...status, detail: `${status.detail}; ${answer}` };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return { ...status, healthy: false, detail: `heartbeat fresh but ${status.endpoint} does not answer as expected: ${(error as Error).message}` };
  }
}

const pickTimes = (runtime: WorkerRuntime) => ({
  startedAt: runtime.startedAt,
  heartbeatAt: runtime.heartbeatAt,
  ...(runtime.health.metrics ? { metrics: runtime.health.metrics } : {}),
});
