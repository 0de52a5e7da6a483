import type Docker from 'dockerode';
import { ReadinessFailure, type ServiceSpec } from '../services/spec.js';
import { withDeadline } from '../shared/deadline.js';
import { OperationError } from '../shared/errors.js';
import { retry } from '../shared/retry.js';
import { indentLines, lastLogLines } from './container-io.js';
import type { Engine } from './engine.js';
import { createProbeTarget } from './probe-target.js';

const POLL_MS = 500;
/** One readiness check may take this long before it counts as "not ready yet". */
const CHECK_TIMEOUT_MS = 15_000;

class ContainerDied extends Error {}

/**
 * Polls the spec's protocol-level readiness check until it passes, the deadline passes, or the container
 * dies; a container that exits (or restarts) fails the wait at once with its last log lines.
 */
export async function waitReady(engine: Engine, container: Docker.Container, spec: ServiceSpec): Promise<{ seconds: number; detail: string }> {
  const started = Date.now();
  const inspect = () => engine.call(`inspect ${spec.name}`, (abortSignal) => container.inspect({ abortSignal }));
  // Restarts before this wait (an old crash loop) are history; one during it means the service died.
  const restartsBefore = (await inspect()).RestartCount;
  try {
    const detail = await retry(
      async () => {
        const info = await inspect();
        const restarted = info.State.Restarting || info.RestartCount > restartsBefore;
        if (!info.State.Running || restarted) throw new ContainerDied(restarted ? 'restarted' : `exited with code ${info.State.ExitCode}`);
        const check = (signal: AbortSignal) => spec.readiness.check(createProbeTarget(engine, container, spec, info, signal));
        return (
          (await withDeadline(check, { timeoutMs: CHECK_TIMEOUT_MS, signal: engine.signal, what: `the readiness check of ${spec.name}` })) ??
          spec.readiness.description
        );
      },
      {
        timeoutMs: spec.readiness.timeoutMs,
        intervalMs: POLL_MS,
        signal: engine.signal,
        retryOn: (error) => !(error instanceof ContainerDied || error instanceof ReadinessFailure),
      },
    );
    return { seconds: (Date.now() - started) / 1000, detail };
  } catch (error) {
    if (error instanceof ContainerDied) {
      throw new OperationError(
        `${spec.name} ${error.message} while starting; last log lines:\n${indentLines(await lastLogLines(engine, container))}`,
        `fix the cause above, then run \`rocketctl up\` again (logs: rocketctl logs ${spec.name})`,
      );
    }
    if (error instanceof ReadinessFailure || !(error instanceof OperationError)) throw error;
    const reason = (error.cause as Error | undefined)?.message ?? error.message;
    throw new OperationError(
      `${spec.name} not ready after ${spec.readiness.timeoutMs / 1000} s (${spec.readiness.description}): ${reason}\nlast log lines:\n${indentLines(await lastLogLines(engine, container))}`,
      `check rocketctl logs ${spec.name}; a slow machine may need more time: run \`rocketctl up\` again`,
    );
  }
}
