import { createShutdown } from '../shutdown.js';
import type { StartedWorker, WorkerFactory } from '../worker.js';
import { createFlightModel } from './flight/flight-model.js';
import type { StampedFrame } from './flight/frame.js';
import { createRateTicker } from './flight/rate-ticker.js';
import type { ServerLimits } from './server/server-limits.js';
import { createTelemetryServer } from './server/telemetry-server.js';

/**
 * The telemetry worker: the seeded flight model stepped at `workers.telemetry.rateHz`, each frame
 * published into `feeds.telemetry` (the observer subscribes there in the same process), and the server
 * that streams the feed on `/ws`, serves the dashboard and the action ↔ reaction API.
 */
export const createTelemetryWorker: WorkerFactory = (context) => startTelemetryWorker(context);

export async function startTelemetryWorker(context: Parameters<WorkerFactory>[0], limits?: Partial<ServerLimits>): Promise<StartedWorker> {
  const { port, rateHz, seed } = context.config.workers.telemetry;
  const feed = context.feeds.telemetry;
  const { bindAddress, runsIn } = context.config;
  // In the workers member the server listens on its container's interfaces; the host publishes it on the bind address.
  const listen = runsIn === 'stack' ? { host: '0.0.0.0', publicHost: bindAddress } : { host: bindAddress };
  const server = await createTelemetryServer({ ...listen, port, frames: feed, rateHz, log: context.log, ...(limits ? { limits } : {}) });
  const retract = feed.announceProducer();
  const model = createFlightModel(seed);
  const dt = 1 / rateHz;
  let last: StampedFrame | null = null;
  const ticker = createRateTicker(rateHz, () => {
    last = { type: 'telemetry', ts: Date.now(), ...model.step(dt) };
    feed.publish(last);
  });
  const shutdown = createShutdown([() => ticker.stop(), retract, () => server.close()], (error) => context.log.warn(`telemetry: ${(error as Error).message}`));
  return {
    name: 'telemetry',
    endpoint: server.url,
    health() {
      const stats = server.stats();
      const where = last
        ? `flight ${last.flight} ${last.phase}, T${last.t >= 0 ? '+' : ''}${last.t.toFixed(0)} s, ${last.altitude_m.toFixed(0)} m`
        : 'no frame yet';
      return {
        healthy: !shutdown.started,
        detail: `streaming ${rateHz} Hz to ${stats.clients} client${stats.clients === 1 ? '' : 's'} (${where})`,
        metrics: {
          frames: ticker.ticks,
          clients: stats.clients,
          messagesSent: stats.messagesSent,
          droppedSlowClients: stats.droppedSlow,
          droppedDeadClients: stats.droppedDead,
          reactions: stats.reactions,
        },
      };
    },
    close: shutdown.close,
  };
}
