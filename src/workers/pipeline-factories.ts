import type { WorkerFactory, WorkerName } from './worker.js';

/** The guard pipeline's workers, each imported only when started (for the registry of `workers start`). */
export const PIPELINE_WORKER_FACTORIES: Partial<Record<WorkerName, () => Promise<WorkerFactory>>> = {
  observer: async () => (await import('./observer/observer-worker.js')).createObserverWorker,
  listener: async () => (await import('./listener/listener-worker.js')).createListenerWorker,
  guard: async () => (await import('./guard/guard-worker.js')).createGuardWorker,
};
