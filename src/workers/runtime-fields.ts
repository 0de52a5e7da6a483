import { printableText } from '../shared/terminal-text.js';
import { parseHttpEndpoint } from './endpoint.js';
import type { WorkerName } from './descriptors.js';
import type { WorkerHealth } from './worker.js';

/** `<stateDir>/workers/<name>.json`: what a running worker tells `workers status` (and the checklist). */
export interface WorkerRuntime {
  name: WorkerName;
  pid: number;
  /** The writer's pid namespace (`pid:[…]`), so that a reader in another one (a container) knows `pid` is not its own. */
  pidNamespace: string | null;
  /** When the writer's process started (clock ticks since boot): the same pid with another start time is not the writer. */
  pidStartTicks?: number | null;
  startedAt: string;
  heartbeatAt: string;
  endpoint: string | null;
  health: WorkerHealth;
}

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_METRICS = 64;

const isTime = (value: unknown): value is string => typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));

/**
 * A runtime file's fields, checked one by one; times are re-written as ISO strings, text is stripped of control
 * characters, metrics keep only plain names and finite numbers. The error never quotes the file: it may be
 * anything (a link to a secrets file was read through once).
 */
export function parseRuntime(text: string, name: WorkerName): WorkerRuntime {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error('not a worker runtime file (not JSON)');
  }
  const health = (value?.health ?? {}) as Record<string, unknown>;
  if (
    typeof value !== 'object' ||
    value === null ||
    value.name !== name ||
    !Number.isInteger(value.pid) ||
    (value.pid as number) <= 0 ||
    !isTime(value.startedAt) ||
    !isTime(value.heartbeatAt) ||
    !(value.endpoint === null || value.endpoint === undefined || typeof value.endpoint === 'string') ||
    !(value.pidNamespace === null || value.pidNamespace === undefined || typeof value.pidNamespace === 'string') ||
    typeof health.healthy !== 'boolean' ||
    typeof health.detail !== 'string'
  ) {
    throw new Error('not a worker runtime file (fields missing or of the wrong type)');
  }
  const endpoint = typeof value.endpoint === 'string' ? parseHttpEndpoint(value.endpoint) : null;
  if (typeof value.endpoint === 'string' && endpoint === null) throw new Error('not a worker runtime file (its endpoint is not an http://host:port address)');
  const metrics = Object.entries((health.metrics ?? {}) as Record<string, unknown>)
    .filter(([key, count]) => METRIC_NAME.test(key) && typeof count === 'number' && Number.isFinite(count))
    .slice(0, MAX_METRICS) as Array<[string, number]>;
  return {
    name,
    pid: value.pid as number,
    pidNamespace: typeof value.pidNamespace === 'string' ? printableText(value.pidNamespace, 40) : null,
    pidStartTicks: Number.isSafeInteger(value.pidStartTicks) && (value.pidStartTicks as number) >= 0 ? (value.pidStartTicks as number) : null,
    startedAt: new Date(value.startedAt).toISOString(),
    heartbeatAt: new Date(value.heartbeatAt).toISOString(),
    endpoint,
    health: {
      healthy: health.healthy,
      detail: printableText(health.detail),
      ...(health.metrics === undefined ? {} : { metrics: Object.fromEntries(metrics) }),
    },
  };
}
