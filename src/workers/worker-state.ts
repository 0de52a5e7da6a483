import { formatSeconds } from '../shared/deadline.js';
import { STALE_AFTER_MS, type WorkerRuntime } from './runtime-file.js';

export type WorkerState = 'running' | 'stopped' | 'stale';

export interface JudgedRuntime {
  state: WorkerState;
  healthy: boolean;
  detail: string;
}

/** Whether a process exists (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What a runtime file says about its worker: no file = stopped; the writer's pid gone, or no
 * heartbeat for three intervals (a hung process, or a reused pid) = stale; otherwise running with
 * the health it last reported.
 */
export function judgeRuntime(runtime: WorkerRuntime | null | Error, now: number, alive: (pid: number) => boolean = processAlive): JudgedRuntime {
  if (runtime === null) return { state: 'stopped', healthy: false, detail: 'not running' };
  if (runtime instanceof Error)
    return { state: 'stale', healthy: false, detail: `runtime file unreadable (${runtime.message}): start the worker again to replace it` };
  if (!alive(runtime.pid)) return { state: 'stale', healthy: false, detail: `process ${runtime.pid} is gone without closing cleanly: start the worker again` };
  const age = now - Date.parse(runtime.heartbeatAt);
  if (!(age <= STALE_AFTER_MS))
    return {
      state: 'stale',
      healthy: false,
      detail: `no heartbeat from process ${runtime.pid} for ${formatSeconds(Math.max(0, age))}: it hangs, or the pid now belongs to another process`,
    };
  return { state: 'running', healthy: runtime.health.healthy, detail: runtime.health.detail };
}
