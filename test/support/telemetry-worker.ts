import { loadConfig } from '../../src/config/load.js';
import type { Secrets } from '../../src/secrets/secrets.js';
import { silentLogger } from '../../src/shared/log.js';
import { createFeed, type Feed } from '../../src/workers/feed.js';
import type { ServerLimits } from '../../src/workers/telemetry/server/server-limits.js';
import { startTelemetryWorker } from '../../src/workers/telemetry/telemetry-worker.js';
import type { StartedWorker } from '../../src/workers/worker.js';

// The telemetry worker reads no secret; this stands in for the secrets file it never opens.
const NO_SECRETS: Secrets = {
  get: (name) => {
    throw new Error(`the telemetry worker asked for secret ${name}`);
  },
  source: () => 'none',
};

/** The real telemetry worker on 127.0.0.1 (or bindAddress), a free port, in this process. */
export async function startTestTelemetryWorker(options: {
  rateHz: number;
  seed?: number;
  bindAddress?: string;
  limits?: Partial<ServerLimits>;
}): Promise<{ worker: StartedWorker; endpoint: string; feed: Feed<unknown> }> {
  const defaults = await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} });
  const config = {
    ...defaults,
    bindAddress: options.bindAddress ?? defaults.bindAddress,
    workers: { ...defaults.workers, telemetry: { enabled: true, port: 0, rateHz: options.rateHz, seed: options.seed ?? 7 } },
  };
  const feed = createFeed<unknown>();
  const worker = await startTelemetryWorker(
    { config, secrets: NO_SECRETS, signal: new AbortController().signal, log: silentLogger, feeds: { telemetry: feed } },
    options.limits,
  );
  return { worker, endpoint: worker.endpoint!, feed };
}
