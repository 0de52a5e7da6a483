import { readFile } from 'node:fs/promises';
import type { CommandContext } from '../commands/context.js';
import { inspectServices, probeServices, type InspectedStack, type ServiceStatus } from '../commands/status.js';
import { readSecrets, type Secrets } from '../secrets/secrets.js';
import { caCertFile } from '../tls/material-plan.js';
import { workerStatuses } from '../commands/workers-status.js';
import { WORKER_NAMES } from '../workers/descriptors.js';
import type { WorkerStatus } from '../workers/worker-state.js';
import type { StackEntry } from '../docker/stack-view.js';
import type { ProbeTarget } from '../services/spec.js';

/**
 * What the checks observe, each asked once per round and shared (the stack view, the probes, the secrets):
 * read-only. `--resume` makes a new one after every fix.
 */
export interface ChecklistFacts {
  readonly context: CommandContext;
  secrets(): Promise<Secrets | null>;
  ca(): Promise<string | null>;
  stack(): Promise<InspectedStack>;
  services(): Promise<ServiceStatus[]>;
  /** Every enabled worker's status, asked once (of the workers member: the same `docker exec` as its readiness probe). */
  workers(): Promise<WorkerStatus[]>;
}

export function createFacts(context: CommandContext): ChecklistFacts {
  const once = <T>(load: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= load());
  };
  const stack = once(async () => withSharedExecs(await inspectServices(context)));
  return {
    context,
    secrets: once(() => readSecrets(context.config.stateDir, { env: context.env })),
    ca: once(() => readFile(caCertFile(context.config), 'utf8').catch(() => null)),
    stack,
    services: once(async () => probeServices(await stack(), context.signal)),
    workers: once(() =>
      workerStatuses(
        context,
        WORKER_NAMES.filter((name) => context.config.workers[name].enabled),
        stack,
      ),
    ),
  };
}

/**
 * The same command run in the same container twice in one round answers once: the readiness probes and the steps
 * ask the same things (a ZooKeeper peer's `srvr`, the workers member's `workers status`), and each `docker exec`
 * starts a process in the container (the member's is a Node process: about half a second of a core).
 */
export function withSharedExecs(inspected: InspectedStack): InspectedStack {
  const answers = new Map<string, ReturnType<ProbeTarget['exec']>>();
  return {
    ...inspected,
    entries: inspected.entries.map((entry): StackEntry => ({
      ...entry,
      probeTarget(signal) {
        const target = entry.probeTarget(signal);
        if (!target) return null;
        return {
          ...target,
          exec(command) {
            const key = JSON.stringify([entry.spec.name, command]);
            let answer = answers.get(key);
            if (!answer) {
              answer = target.exec(command);
              answers.set(key, answer);
              // A failed ask (a deadline, a container restarting) is not kept: the next asker tries for itself.
              answer.catch(() => answers.delete(key));
            }
            return answer;
          },
        };
      },
    })),
  };
}
