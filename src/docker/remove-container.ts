import type Docker from 'dockerode';

/** Seconds a service gets to shut down cleanly (Kafka deregisters, Postgres checkpoints) before SIGKILL. */
const STOP_TIMEOUT_S = 20;

/** Stops gracefully, then removes: a forced removal would SIGKILL and leave e.g. Kafka's ZooKeeper session behind. */
export async function stopAndRemove(container: Docker.Container): Promise<void> {
  await container.stop({ t: STOP_TIMEOUT_S }).catch((error: { statusCode?: number }) => {
    // 304: already stopped; 404: already gone.
    if (error.statusCode !== 304 && error.statusCode !== 404) throw error;
  });
  await container.remove({ force: true }).catch((error: { statusCode?: number }) => {
    if (error.statusCode !== 404) throw error;
  });
}
