import type { WorkerName } from './descriptors.js';
import { formatSeconds } from '../shared/deadline.js';
import { RocketError } from '../shared/errors.js';
import { currentPidNamespace, identifyProcess, type ProcessIdentity } from './process-identity.js';
import { HEARTBEAT_MS, STALE_AFTER_MS, type WorkerRuntime } from './runtime-file.js';

export type WorkerState = 'running' | 'stopped' | 'stale';

export interface JudgedRuntime {
  state: WorkerState;
  healthy: boolean;
  detail: string;
}

/** Clocks of one machine agree; a heartbeat further ahead than this was not written by a worker here. */
const FUTURE_TOLERANCE_MS = HEARTBEAT_MS;

export interface JudgeOptions {
  identify?: (pid: number) => ProcessIdentity;
  /** This process's pid namespace (null: unknown, every pid is taken as ours). */
  pidNamespace?: string | null;
}

/**
 * What a runtime file says about its worker: no file = stopped; the writer's pid gone or not a rocketctl process,
 * no heartbeat for three intervals (a hung process, or a reused pid), or a heartbeat from the future (a forged or
 * broken file) = stale; otherwise running with the health it last reported. A writer in another pid namespace (a
 * container) is judged by its heartbeat alone: its pid means nothing here.
 */
export function judgeRuntime(runtime: WorkerRuntime | null | Error, now: number, options: JudgeOptions = {}): JudgedRuntime {
  const { identify = identifyProcess, pidNamespace = currentPidNamespace() } = options;
  if (runtime === null) return { state: 'stopped', healthy: false, detail: 'not running' };
  if (runtime instanceof Error) {
    const fix = runtime instanceof RocketError && runtime.hint ? runtime.hint : 'start the worker again to replace it';
    return { state: 'stale', healthy: false, detail: `runtime file unusable (${runtime.message}): ${fix}` };
  }
  const { pid } = runtime;
  const ownNamespace = runtime.pidNamespace === null || pidNamespace === null || runtime.pidNamespace === pidNamespace;
  if (ownNamespace) {
    const identity = identify(pid);
    if (identity === 'gone') return { state: 'stale', healthy: false, detail: `process ${pid} is gone without closing cleanly: start the worker again` };
    if (identity === 'other')
      return { state: 'stale', healthy: false, detail: `process ${pid} is not rocketctl (the worker is gone and its pid reused): start the worker again` };
  }
  const age = now - Date.parse(runtime.heartbeatAt);
  if (age < -FUTURE_TOLERANCE_MS)
    return {
      state: 'stale',
      healthy: false,
      detail: `its heartbeat is ${formatSeconds(-age)} in the future: the file was not written by a worker on this machine; start the worker again to replace it`,
    };
  if (!(age <= STALE_AFTER_MS))
    return {
      state: 'stale',
      healthy: false,
      detail: `no heartbeat from process ${pid} for ${formatSeconds(Math.max(0, age))}: it hangs, or the pid now belongs to another process`,
    };
  const where = ownNamespace ? '' : ` (pid ${pid} in another pid namespace, a container: judged by its heartbeat)`;
  return { state: 'running', healthy: runtime.health.healthy, detail: `${runtime.health.detail}${where}` };
}

/** What `workers status` reports of one worker (and the checklist reads). */
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
  /** Who runs it: `workers start` in the foreground on this host, or the stack's workers member. */
  runsIn?: 'foreground' | 'stack';
}
