import type Docker from 'dockerode';
import type { Engine } from './engine.js';

/** Seconds a service gets to shut down cleanly (Kafka deregisters, Postgres checkpoints) before SIGKILL. */
const STOP_TIMEOUT_S = 20;

/** Stops gracefully, then removes: a forced removal would SIGKILL and leave e.g. Kafka's ZooKeeper session behind. */
export async function stopAndRemove(engine: Engine, container: Docker.Container): Promise<void> {
  // The engine answers a stop only after the grace period (and the kill): the deadline covers both.
  await engine
    .call(`stop ${container.id}`, (abortSignal) => container.stop({ t: STOP_TIMEOUT_S, abortSignal }), (STOP_TIMEOUT_S + 15) * 1000)
    .catch((error: { statusCode?: number }) => {
      // 304: already stopped; 404: already gone.
      if (error.statusCode !== 304 && error.statusCode !== 404) throw error;
    });
  await engine
    .call(`remove ${container.id}`, (abortSignal) => container.remove({ force: true, abortSignal }))
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
}
