import { readFile } from 'node:fs/promises';
import { openStack } from './open-stack.js';
import type { ServiceContainer, StackEntry } from '../docker/stack-view.js';
import { readSecrets } from '../secrets/secrets.js';
import { memberShapes, memberSpecs } from './stack-members.js';
import { withDeadline } from '../shared/deadline.js';
import { caCertFile } from '../tls/material-plan.js';
import type { CommandContext } from './context.js';

export type { ServiceContainer };
export type ServiceState = ServiceContainer['state'] | 'unhealthy';

export interface ServiceStatus extends Omit<ServiceContainer, 'state'> {
  state: ServiceState;
  ready: boolean;
}

const PROBE_TIMEOUT_MS = 8_000;

/** `rocketctl status`: live state of every enabled member (services, the workers member), from labels and live probes. Read-only. */
export async function status(context: CommandContext): Promise<{ ok: boolean; services: ServiceStatus[] }> {
  const services = await probeServices(await inspectServices(context), context.signal);
  return { ok: services.every((s) => s.ready), services };
}

/** Every service's readiness probe, in parallel, each with its deadline. */
export function probeServices({ caPem, entries }: InspectedStack, signal: AbortSignal): Promise<ServiceStatus[]> {
  return Promise.all(entries.map((entry) => probe(entry, caPem, signal)));
}

/** The containers of every enabled service, by label, without probing them (for commands that only need where). */
export async function serviceContainers(context: CommandContext): Promise<ServiceContainer[]> {
  return (await inspectServices(context)).entries.map((entry) => entry.view);
}

export interface InspectedStack {
  /** The CA, when it and the secrets exist (without them no probe can be trusted). */
  caPem: string | null;
  entries: StackEntry[];
}

/** Every enabled service's container, by label, with what probing it needs. Read-only. */
export async function inspectServices(context: CommandContext): Promise<InspectedStack> {
  const { config } = context;
  // Read-only: a missing secrets file or CA means nothing can be probed, not that anything is created.
  const secrets = await readSecrets(config.stateDir, { env: context.env });
  const caPem = await readFile(caCertFile(config), 'utf8').catch(() => null);
  const stack = await openStack(context);
  // Without the CA or secrets no probe can be trusted: specs still give names and ports.
  const specs = secrets ? memberSpecs({ config, secrets, caPem: caPem ?? '' }) : memberShapes(config);
  return { caPem: secrets ? caPem : null, entries: await stack.inspect(specs) };
}

async function probe(entry: StackEntry, caPem: string | null, signal: AbortSignal): Promise<ServiceStatus> {
  const { spec, view } = entry;
  if (view.state !== 'running') return { ...view, ready: false };
  if (caPem === null)
    return {
      ...view,
      state: 'unhealthy',
      ready: false,
      detail: 'CA certificate or secrets file missing: run rocketctl up (or restore .rocketctl/secrets.env)',
    };
  try {
    const detail = await withDeadline((probeSignal) => spec.readiness.check(entry.probeTarget(probeSignal)!), {
      timeoutMs: PROBE_TIMEOUT_MS,
      signal,
      what: `the ${spec.name} probe`,
    });
    return { ...view, ready: true, detail: detail ?? spec.readiness.description };
  } catch (error) {
    if ((error as Error).name === 'InterruptedError') throw error;
    return { ...view, state: 'unhealthy', ready: false, detail: (error as Error).message.split('\n')[0]! };
  }
}
