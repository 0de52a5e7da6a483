import { UsageError } from '../shared/errors.js';
import { WORKER_NAMES, type WorkerName } from './descriptors.js';
import type { WorkerFactory } from './worker.js';

/** A live check of a running worker's endpoint; resolves with a detail line, throws what is wrong. */
export type WorkerProbe = (endpoint: string, signal: AbortSignal) => Promise<string>;

interface WorkerBehaviour {
  load(): Promise<WorkerFactory>;
  /** For a worker that serves: a protocol-level check of its endpoint (beyond its own health report). */
  probe?(): Promise<WorkerProbe>;
}

/**
 * What each worker does, keyed by the descriptors' names (the compiler asks for an entry per worker). Imported
 * on use, so `workers status` and --help never load a server.
 */
const BEHAVIOURS: Record<WorkerName, WorkerBehaviour> = {
  telemetry: {
    load: async () => (await import('./telemetry/telemetry-worker.js')).createTelemetryWorker,
    probe: async () => (await import('./telemetry/server/telemetry-probe.js')).probeTelemetry,
  },
  observer: { load: async () => (await import('./observer/observer-worker.js')).createObserverWorker },
  listener: { load: async () => (await import('./listener/listener-worker.js')).createListenerWorker },
  guard: { load: async () => (await import('./guard/guard-worker.js')).createGuardWorker },
};

/** Validates names from the command line (deduplicated, in the list's order); unknown ones are a usage error. */
export function parseWorkerNames(names: readonly string[]): WorkerName[] {
  const unknown = names.filter((name) => !(WORKER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown worker ${unknown.map((n) => JSON.stringify(n)).join(', ')}`, `name one of: ${WORKER_NAMES.join(', ')}`);
  }
  return WORKER_NAMES.filter((name) => names.includes(name));
}

export const loadWorker = (name: WorkerName): Promise<WorkerFactory> => BEHAVIOURS[name].load();

export async function loadProbe(name: WorkerName): Promise<WorkerProbe | null> {
  return (await BEHAVIOURS[name].probe?.()) ?? null;
}
