/**
 * A stand-in for `rocketctl workers start` (built on another branch) so tests can run the pipeline's workers
 * as a real child process: SIGKILL is real, and SIGINT/SIGTERM drain and checkpoint like Ctrl-C.
 *   node dist/test/support/run-worker.js <project dir> observer [listener] [guard]
 * stdout: one JSON line per worker per status tick ({worker, healthy, detail, metrics}) and a final
 * {event: 'stopped'} line; stderr: the workers' logs. Exit 0 when every worker was closed on request,
 * 1 when one failed to start (its error and fix on stderr), 130 after a signal.
 */
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { ensureSecrets } from '../../src/secrets/secrets.js';
import { RocketError } from '../../src/shared/errors.js';
import { createLogger } from '../../src/shared/log.js';
import { createFeed } from '../../src/workers/feed.js';
import { PIPELINE_WORKER_FACTORIES } from '../../src/workers/pipeline-factories.js';
import type { StartedWorker, WorkerName } from '../../src/workers/worker.js';

const [dir, ...names] = process.argv.slice(2) as [string, ...WorkerName[]];
const controller = new AbortController();
const started: StartedWorker[] = [];
const log = createLogger({ debug: process.env.ROCKETCTL_DEBUG === '1' });
const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const report = () => {
  for (const worker of started) line({ worker: worker.name, ...worker.health() });
};
let exitCode = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => ((exitCode = 130), controller.abort()));

try {
  const config = await loadConfig({ cwd: path.resolve(dir) });
  const secrets = await ensureSecrets(config.stateDir, { log });
  const context = { config, secrets, signal: controller.signal, log, feeds: { telemetry: createFeed<unknown>() } };
  for (const name of names) {
    const factory = await PIPELINE_WORKER_FACTORIES[name]!();
    started.push(await factory(context));
    line({ event: 'started', worker: name });
  }
  const ticker = setInterval(report, Number(process.env.RUN_WORKER_STATUS_MS ?? 500));
  await new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }));
  clearInterval(ticker);
} catch (error) {
  exitCode = 1;
  process.stderr.write(`error: ${(error as Error).message}\n`);
  if (error instanceof RocketError && error.hint) process.stderr.write(`fix: ${error.hint}\n`);
}
await Promise.allSettled(started.map((worker) => worker.close()));
report();
line({ event: 'stopped' });
process.exitCode = exitCode;
