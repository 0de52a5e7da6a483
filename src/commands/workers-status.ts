import type { ResolvedConfig } from '../config/types.js';
import { withDeadline } from '../shared/deadline.js';
import { InterruptedError } from '../shared/errors.js';
import { WORKER_NAMES, type WorkerName } from '../workers/descriptors.js';
import { isOwnEndpoint } from '../workers/endpoint.js';
import { loadProbe, parseWorkerNames } from '../workers/registry.js';
import { readRuntimeFile, type WorkerRuntime } from '../workers/runtime-file.js';
import { judgeRuntime, type WorkerStatus } from '../workers/worker-state.js';
import type { CommandContext } from './context.js';
import { memberReport } from './member-workers.js';
import type { InspectedStack } from './status.js';

const PROBE_TIMEOUT_MS = 3000;

/**
 * `rocketctl workers status [NAME...]`: read-only (it never creates a file or folder). Lists every
 * worker (or the named ones); ok only when each one that counts is running and healthy: the named
 * ones, or else every worker the config enables. With `live`, running is enough: a worker waiting for
 * credentials or a store is not fixed by a restart, so the engine's health check (Swarm replaces an
 * unhealthy task) asks only this.
 */
export async function workersStatus(context: CommandContext, options: { names: string[]; live?: boolean }): Promise<{ ok: boolean; workers: WorkerStatus[] }> {
  const requested = parseWorkerNames(options.names);
  const shown = requested.length > 0 ? requested : [...WORKER_NAMES];
  const workers = await workerStatuses(context, shown);
  const counts = (w: WorkerStatus) => requested.length > 0 || context.config.workers[w.name].enabled;
  const fine = (w: WorkerStatus) => w.state === 'running' && (options.live === true || w.healthy);
  return { ok: workers.filter(counts).every(fine), workers };
}

/**
 * Each worker where it runs: in the foreground on this host (its runtime file), else in the stack's workers member
 * (the member's own report, asked inside its container). Inside the member, only its own runtime files.
 */
export async function workerStatuses(context: CommandContext, names: readonly WorkerName[], stack?: () => Promise<InspectedStack>): Promise<WorkerStatus[]> {
  const { config, signal } = context;
  const local = await Promise.all(names.map((name) => inspectWorker(config, name, signal)));
  if (config.runsIn === 'stack') return local;
  const member = local.every((w) => w.state === 'running') ? null : await memberReport(context, stack);
  return Promise.all(
    local.map(async (foreground): Promise<WorkerStatus> => {
      if (foreground.state === 'running') return { ...foreground, runsIn: 'foreground' };
      // The member runs what the config enables; what it says of a worker turned off is not about a worker it runs.
      const inMember = config.workers[foreground.name].enabled ? member?.workers.get(foreground.name) : undefined;
      if (inMember) return { ...(await probeFromHost(inMember, signal)), runsIn: 'stack' };
      if (!config.workers[foreground.name].enabled)
        return { ...foreground, detail: `disabled in the config (rocketctl workers start ${foreground.name} runs it here)` };
      // The member's own detail may carry its fix already ("no container (run rocketctl up)"): the fix is said once, here.
      const memberDetail = member?.detail.replace(/ \(run rocketctl up\)$/, '');
      const why = member && member.state !== 'running' ? `the workers member is ${member.state}: ${memberDetail}` : 'the workers member does not report it';
      const fix = `\`rocketctl up\` starts the member; \`rocketctl workers start ${foreground.name}\` runs it here instead`;
      // A stale file left by a foreground worker is news of its own (a crash, a reused pid): say it before the member.
      if (foreground.state === 'stale') return { ...foreground, detail: `${foreground.detail}; ${why} (${fix})` };
      return { ...foreground, detail: `not running: ${why} (${fix})` };
    }),
  );
}

/** A member's server checked as a client of this host reaches it (its published port), beyond the member's own check. */
async function probeFromHost(status: WorkerStatus, signal: AbortSignal): Promise<WorkerStatus> {
  const probe = status.state === 'running' && status.healthy && status.endpoint ? await loadProbe(status.name) : null;
  if (!probe || !status.endpoint) return status;
  const endpoint = status.endpoint;
  try {
    const answer = await withDeadline((probeSignal) => probe(endpoint, probeSignal), {
      timeoutMs: PROBE_TIMEOUT_MS,
      signal,
      what: `the ${status.name} worker at ${endpoint}`,
    });
    return { ...status, detail: `${status.detail.split('; ')[0]}; from this host: ${answer}` };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return { ...status, healthy: false, detail: `healthy in the workers member, but ${endpoint} does not answer from this host: ${(error as Error).message}` };
  }
}

export async function inspectWorker(config: ResolvedConfig, name: WorkerName, signal: AbortSignal): Promise<WorkerStatus> {
  const runtime = await readRuntimeFile(config.workersDir, name).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
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
