import { readFile } from 'node:fs/promises';
import type { CommandContext } from '../commands/context.js';
import { inspectServices, probeServices, type InspectedStack, type ServiceStatus } from '../commands/status.js';
import { readSecrets, type Secrets } from '../secrets/secrets.js';
import { caCertFile } from '../tls/material-plan.js';
import { workerStatuses } from '../commands/workers-status.js';
import { WORKER_NAMES } from '../workers/descriptors.js';
import type { WorkerStatus } from '../workers/worker-state.js';

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
  /** Every enabled worker's status, asked once (of the workers member: one `docker exec`) for the steps that judge them. */
  workers(): Promise<WorkerStatus[]>;
}

export function createFacts(context: CommandContext): ChecklistFacts {
  const once = <T>(load: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= load());
  };
  const stack = once(() => inspectServices(context));
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
      ),
    ),
  };
}
