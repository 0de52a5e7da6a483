import type { ResolvedConfig } from '../config/types.js';
import type { MemberName } from '../workers/descriptors.js';
import type { ServiceSpec } from '../services/spec.js';
import type { Logger } from '../shared/log.js';
import type { ImageBuild } from './build-image.js';
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
  isRunning(service: MemberName): Promise<boolean>;
  inspect(specs: readonly ServiceSpec[]): Promise<StackEntry[]>;
  remove(options: { volumes: boolean }): Promise<RemovedStack>;
  writeLogs(service: MemberName, options: { follow: boolean; tail?: number }, sinks: LogSinks): Promise<void>;
  /** Builds an image on the engine the stack runs from (a Swarm's manager), unless it has it already or `force`. */
  buildImage(build: ImageBuild, options: { force?: boolean; onProgress?: (line: string) => void }): Promise<'present' | 'built'>;
}
