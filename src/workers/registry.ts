import { UsageError } from '../shared/errors.js';
import { WORKER_NAMES, type WorkerFactory, type WorkerName } from './worker.js';

/** A live check of a running worker's endpoint; resolves with a detail line, throws what is wrong. */
export type WorkerProbe = (endpoint: string, signal: AbortSignal) => Promise<string>;

interface WorkerEntry {
  load(): Promise<WorkerFactory>;
  probe?(): Promise<WorkerProbe>;
}

// Imported on use, so `workers status` and --help never load a server. null: not built yet.
const REGISTRY: Record<WorkerName, WorkerEntry | null> = {
  telemetry: {
    load: async () => (await import('./telemetry/telemetry-worker.js')).createTelemetryWorker,
    probe: async () => (await import('./telemetry/server/telemetry-probe.js')).probeTelemetry,
  },
  observer: { load: async () => (await import('./observer/observer-worker.js')).createObserverWorker },
  listener: { load: async () => (await import('./listener/listener-worker.js')).createListenerWorker },
  guard: { load: async () => (await import('./guard/guard-worker.js')).createGuardWorker },
};

export const isBuilt = (name: WorkerName): boolean => REGISTRY[name] !== null;
export const builtWorkers = (): WorkerName[] => WORKER_NAMES.filter(isBuilt);

/** Validates names from the command line (deduplicated, in WORKER_NAMES order); unknown ones are a usage error. */
export function parseWorkerNames(names: readonly string[]): WorkerName[] {
  const unknown = names.filter((name) => !(WORKER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown worker ${unknown.map((n) => JSON.stringify(n)).join(', ')}`, `name one of: ${WORKER_NAMES.join(', ')}`);
  }
  return WORKER_NAMES.filter((name) => names.includes(name));
}

export async function loadWorker(name: WorkerName): Promise<WorkerFactory> {
  const entry = REGISTRY[name];
  if (!entry) {
    throw new UsageError(
      `the ${name} worker is not built yet`,
      `start the built ones (${builtWorkers().join(', ')}), e.g. rocketctl workers start ${builtWorkers()[0] ?? ''}`.trimEnd(),
    );
  }
  return entry.load();
}

export async function loadProbe(name: WorkerName): Promise<WorkerProbe | null> {
  return (await REGISTRY[name]?.probe?.()) ?? null;
}
