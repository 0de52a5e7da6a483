import type { ResolvedConfig } from '../config/types.js';
import { OperationError } from '../shared/errors.js';
import { WORKER_NAMES, type WorkerName } from '../workers/descriptors.js';
import { readRuntimeFile } from '../workers/runtime-file.js';
import { judgeRuntime } from '../workers/worker-state.js';

/** The workers `rocketctl workers start` runs in the foreground on this host now (a fresh heartbeat, a live rocketctl). */
export async function foregroundWorkers(config: ResolvedConfig, names: readonly WorkerName[] = WORKER_NAMES): Promise<{ name: WorkerName; pid: number }[]> {
  const running = await Promise.all(
    names.map(async (name) => {
      const runtime = await readRuntimeFile(config.workersDir, name).catch(() => null);
      return runtime && judgeRuntime(runtime, Date.now()).state === 'running' ? { name, pid: runtime.pid } : null;
    }),
  );
  return running.filter((r) => r !== null);
}

/**
 * The stack's workers member and `workers start` must not run the same worker at once (two observers writing one
 * CouchDB database under two identities, two listeners publishing every change twice): `up` refuses first.
 */
export async function refuseForegroundWorkers(config: ResolvedConfig): Promise<void> {
  const clash = await foregroundWorkers(
    config,
    WORKER_NAMES.filter((name) => config.workers[name].enabled),
  );
  if (clash.length === 0) return;
  const list = clash.map((w) => `${w.name} (pid ${w.pid})`).join(', ');
  throw new OperationError(
    `the workers member would run ${list} a second time: \`rocketctl workers start\` runs them in the foreground here`,
    `stop that process (Ctrl-C where it runs, or kill ${clash[0]!.pid}), then run \`rocketctl up\` again; or keep it and turn those workers off for the stack (workers.<name>.enabled: false)`,
  );
}
