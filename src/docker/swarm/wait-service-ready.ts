import type { ResolvedEngine } from '../../config/engine-config.js';
import { ReadinessFailure, type ServiceSpec } from '../../services/spec.js';
import { withDeadline } from '../../shared/deadline.js';
import { OperationError } from '../../shared/errors.js';
import { retry } from '../../shared/retry.js';
import type { Engine } from '../engine.js';
import { inspectServiceOrNull } from './ensure-service.js';
import { lastServiceLogLines } from './service-logs.js';
import type { NodeEngines } from './node-engines.js';
import { listSwarmNodes } from './swarm-nodes.js';
import { currentTask, serviceTasks, type SwarmTask } from './swarm-tasks.js';
import { NodeEngineMissing, nodeAddress, taskProbeTarget } from './task-target.js';
import { indentLines } from '../container-io.js';

const POLL_MS = 1_000;
const CHECK_TIMEOUT_MS = 15_000;

/** A task that failed, or one Swarm cannot place: waiting longer cannot fix it. */
class TaskFailed extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * Polls the service's current task until it runs on its node and the spec's protocol-level readiness check
 * passes there. A task that fails or is rejected during the wait (a crash, an image missing on the node) or
 * that no node can take (placement) fails the wait at once, with the reason Swarm gives and the last log lines.
 */
export async function waitServiceReady(
  engine: Engine,
  spec: ServiceSpec,
  serviceName: string,
  context: { engineConfig: ResolvedEngine; nodeEngines: NodeEngines; updated: boolean },
): Promise<{ seconds: number; detail: string; node: string }> {
  const started = Date.now();
  const since = new Date(started - 1_000).toISOString();
  let node = '?';
  try {
    const detail = await retry(
      async () => {
        // Right after an update the old task still runs: only once Swarm says the update completed is the task the new one.
        if (context.updated) await assertUpdateCompleted(engine, serviceName, spec);
        const tasks = await serviceTasks(engine, serviceName);
        const failed = tasks.find((t) => t.createdAt >= since && (t.state === 'failed' || t.state === 'rejected'));
        if (failed) throw taskFailure(failed, spec, context.engineConfig);
        const task = currentTask(tasks);
        if (!task) throw new Error('no task scheduled yet');
        if (task.state === 'pending' && task.error?.includes('no suitable node')) throw taskFailure(task, spec, context.engineConfig);
        if (task.state !== 'running') throw new Error(`task ${task.state}${task.error ? `: ${task.error}` : ''}`);
        const host = (await listSwarmNodes(engine)).find((n) => n.id === task.nodeId);
        if (!host) throw new Error(`task on unknown node ${task.nodeId}`);
        node = host.hostname;
        const check = (signal: AbortSignal) =>
          spec.readiness.check(
            taskProbeTarget({
              spec,
              host: nodeAddress(host, context.engineConfig.nodes),
              node: host.hostname,
              containerId: task.containerId,
              nodeEngine: context.nodeEngines.get(host.hostname),
              signal,
            }),
          );
        const answer = await withDeadline(check, { timeoutMs: CHECK_TIMEOUT_MS, signal: engine.signal, what: `the readiness check of ${spec.name}` });
        return answer ?? spec.readiness.description;
      },
      {
        timeoutMs: spec.readiness.timeoutMs,
        intervalMs: POLL_MS,
        signal: engine.signal,
        retryOn: (error) => !(error instanceof TaskFailed || error instanceof ReadinessFailure || error instanceof NodeEngineMissing),
      },
    );
    return { seconds: (Date.now() - started) / 1000, detail, node };
  } catch (error) {
    const logs = async () => indentLines(await lastServiceLogLines(engine, serviceName));
    if (error instanceof TaskFailed) throw new OperationError(`${spec.name}: ${error.message}; last log lines:\n${await logs()}`, error.hint);
    if (error instanceof ReadinessFailure || !(error instanceof OperationError) || error instanceof NodeEngineMissing) throw error;
    const reason = (error.cause as Error | undefined)?.message ?? error.message;
    throw new OperationError(
      `${spec.name} not ready after ${spec.readiness.timeoutMs / 1000} s on ${node} (${spec.readiness.description}): ${reason}\nlast log lines:\n${await logs()}`,
      `check rocketctl logs ${spec.name}; a slow node may need more time: run \`rocketctl up\` again`,
    );
  }
}

async function assertUpdateCompleted(engine: Engine, serviceName: string, spec: ServiceSpec): Promise<void> {
  const state = (await inspectServiceOrNull(engine, engine.docker.getService(serviceName)))?.UpdateStatus;
  if (state?.State === 'paused' || state?.State?.startsWith('rollback')) {
    throw new TaskFailed(
      `its update stopped (${state.State}): ${state.Message ?? ''}`,
      `fix the cause in the log lines below, then run \`rocketctl up\` again (logs: rocketctl logs ${spec.name})`,
    );
  }
  if (state && state.State !== 'completed') throw new Error(`update ${state.State ?? 'pending'}${state.Message ? `: ${state.Message}` : ''}`);
}

function taskFailure(task: SwarmTask, spec: ServiceSpec, engineConfig: ResolvedEngine): TaskFailed {
  const reason = task.error ?? task.message;
  if (/no such image|not found|pull access denied|manifest unknown/i.test(reason)) {
    return new TaskFailed(
      `its task was ${task.state}: ${reason}`,
      `load ${spec.image} on the node it is pinned to: \`rocketctl images push-to-nodes\`, or serve it from a registry every node can pull from`,
    );
  }
  if (/no suitable node/i.test(reason)) {
    const placement = engineConfig.placement[spec.name];
    return new TaskFailed(
      `Swarm cannot place its task: ${reason}`,
      `check engine.placement.${spec.name} (${JSON.stringify(placement)}) against \`docker node ls\` and the nodes' labels; a pinned node that is down must come back`,
    );
  }
  return new TaskFailed(
    `its task ${task.state}: ${reason}`,
    `fix the cause in the log lines below, then run \`rocketctl up\` again (logs: rocketctl logs ${spec.name})`,
  );
}
