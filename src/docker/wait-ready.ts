import type Docker from 'dockerode';
import type { ServiceSpec } from '../services/spec.js';
import { OperationError, throwIfAborted } from '../shared/errors.js';
import { sleep } from '../shared/sleep.js';
import { lastLogLines } from './container-io.js';
import { createProbeTarget } from './probe-target.js';

const POLL_MS = 500;

/**
 * Polls the spec's protocol-level readiness check until it passes, the deadline passes, or the container
 * dies; a container that exits (or restarts) fails the wait at once with its last log lines.
 */
export async function waitReady(container: Docker.Container, spec: ServiceSpec, signal: AbortSignal): Promise<{ seconds: number; detail: string }> {
  const started = Date.now();
  const deadline = started + spec.readiness.timeoutMs;
  let lastReason = 'not checked yet';
  // Restarts before this wait (an old crash loop) are history; one during it means the service died.
  const restartsBefore = (await container.inspect()).RestartCount;
  for (;;) {
    throwIfAborted(signal);
    const info = await container.inspect();
    const restarted = info.State.Restarting || info.RestartCount > restartsBefore;
    if (!info.State.Running || restarted) {
      const how = restarted ? 'restarted' : `exited with code ${info.State.ExitCode}`;
      throw new OperationError(`${spec.name} ${how} while starting; last log lines:\n${indent(await lastLogLines(container))}`, `fix the cause above, then run \`rocketctl up\` again (logs: rocketctl logs ${spec.name})`);
    }
    try {
      const detail = await spec.readiness.check(createProbeTarget(container, spec, info, signal));
      return { seconds: (Date.now() - started) / 1000, detail: detail ?? spec.readiness.description };
    } catch (error) {
      throwIfAborted(signal);
      lastReason = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new OperationError(
        `${spec.name} not ready after ${spec.readiness.timeoutMs / 1000} s (${spec.readiness.description}): ${lastReason}\nlast log lines:\n${indent(await lastLogLines(container))}`,
        `check rocketctl logs ${spec.name}; a slow machine may need more time: run \`rocketctl up\` again`,
      );
    }
    await sleep(POLL_MS, signal);
  }
}

const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');
