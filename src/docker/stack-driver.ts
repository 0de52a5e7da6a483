import type { ResolvedConfig } from '../config/types.js';
import type { ServiceName } from '../services/descriptors.js';
import type { ServiceSpec } from '../services/spec.js';
import type { Logger } from '../shared/log.js';
import type { LogSinks } from './container-logs.js';
import type { RemovedStack } from './remove-stack.js';
import type { StackEntry } from './stack-view.js';

/** What `up` reports per service: containers are kept/started/created/recreated, Swarm services kept/created/updated. */
export type StartAction = 'kept' | 'started' | 'created' | 'recreated' | 'updated';

export interface StartedService {
  action: StartAction;
  /** Waits for the spec's protocol-level readiness; `detail` names the node on a Swarm. */
  ready(): Promise<{ seconds: number; detail: string }>;
}

/**
 * The stack as one engine kind runs it: containers on one Docker host, or Swarm services across nodes. The
 * commands (up, status, down, logs, and everything that reads endpoints) use only this, so both kinds behave
 * the same to the operator.
 */
export interface StackDriver {
  readonly kind: ResolvedConfig['engine']['kind'];
  /** Checks made before any file is written: free host ports on one host; swarm, nodes, labels and images on a Swarm. */
  preflight(shapes: readonly ServiceSpec[]): Promise<void>;
  /** The project's data volumes (`node:name` on a Swarm). */
  dataVolumes(): Promise<string[]>;
  ensureNetwork(): Promise<void>;
  start(spec: ServiceSpec, options: { log: Logger; onProgress: (line: string) => void }): Promise<StartedService>;
  isRunning(service: ServiceName): Promise<boolean>;
  inspect(specs: readonly ServiceSpec[]): Promise<StackEntry[]>;
  remove(options: { volumes: boolean }): Promise<RemovedStack>;
  writeLogs(service: ServiceName, options: { follow: boolean; tail?: number }, sinks: LogSinks): Promise<void>;
}
