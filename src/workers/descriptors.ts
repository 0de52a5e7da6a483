import { isServiceName, SERVICE_NAMES, type ServiceName } from '../services/descriptors.js';
import { guardWorker } from './guard/descriptor.js';
import { listenerWorker } from './listener/descriptor.js';
import { observerWorker } from './observer/descriptor.js';
import { telemetryWorker } from './telemetry/descriptor.js';

/**
 * Every worker, data only. Adding a worker is its folder (descriptor + behaviour), one line here and one in
 * registry.ts (the compiler asks for it): its config section, defaults, secrets, start order and CLI name
 * derive from these.
 */
export const WORKERS = [telemetryWorker, observerWorker, listenerWorker, guardWorker] as const;

/** The stack member that runs every enabled worker (README "The workers as members of the stack"). */
export const WORKERS_MEMBER = 'workers' as const;

/** A member of the stack: a service, or the workers member (one container, or one Swarm service). */
export type MemberName = ServiceName | typeof WORKERS_MEMBER;
/** Every member's name, the services first: what `up` and `logs` accept and completion offers. */
export const MEMBER_NAMES: readonly MemberName[] = [...SERVICE_NAMES, WORKERS_MEMBER];
export const isMemberName = (value: string): value is MemberName => value === WORKERS_MEMBER || isServiceName(value);

type AnyWorker = (typeof WORKERS)[number];
export type WorkerName = AnyWorker['name'];
export const WORKER_NAMES: readonly WorkerName[] = WORKERS.map((worker) => worker.name);
export const isWorkerName = (value: string): value is WorkerName => (WORKER_NAMES as readonly string[]).includes(value);

/** A worker's resolved settings (defaults filled in), plus whether the config runs it. */
export type WorkerSettings<N extends WorkerName> = Extract<AnyWorker, { name: N }>['config']['defaults'] & { readonly enabled: boolean };
export type ResolvedWorkers = { readonly [N in WorkerName]: WorkerSettings<N> };

/** The secrets the workers own. */
export type WorkerSecretName = SecretsOf<AnyWorker>;
type SecretsOf<W> = W extends { secrets: infer S } ? keyof S & string : never;

export const workerDescriptor = (name: WorkerName): AnyWorker => WORKERS.find((worker) => worker.name === name)!;

const FEED_ORDER = { produces: 0, none: 1, consumes: 2 } as const;

/** The order to start the named workers in: producers of the in-process feed first, its consumers last (close in reverse). */
export const startOrder = (names: readonly WorkerName[]): WorkerName[] =>
  [...names].sort((a, b) => FEED_ORDER[workerDescriptor(a).feed] - FEED_ORDER[workerDescriptor(b).feed] || WORKER_NAMES.indexOf(a) - WORKER_NAMES.indexOf(b));
