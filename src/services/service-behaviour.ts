import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import type { StoreOutcome, StoreTarget } from '../seed/store-target.js';
import type { StoreVerification } from '../seed/store-verification.js';
import type { Logger } from '../shared/log.js';
import type { ServiceSpec } from './spec.js';
import type { SpecInputs } from './spec-inputs.js';

/** What a hook or seed gets from the command that runs it. */
export interface ServiceHookContext {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: Logger;
  /** Whether this service's container is running now (asked through src/docker). */
  isRunning(): Promise<boolean>;
}

export type SpecBuilder = (service: ResolvedService, inputs: SpecInputs) => ServiceSpec;
export type SeedStore = (target: StoreTarget) => Promise<StoreOutcome>;
export type VerifyStore = (target: StoreTarget) => Promise<StoreVerification>;

/** How a store is seeded and verified; imported on use, so light commands never load a driver. */
export interface SeedBehaviour {
  load(): Promise<SeedStore>;
  /** Checks what `load` makes without changing anything. */
  verify(): Promise<VerifyStore>;
}

/** What rocketctl does with a service: build its spec, seed it, and prepare before it starts. */
export interface ServiceBehaviour {
  readonly spec: SpecBuilder;
  readonly seed?: SeedBehaviour;
  /** Runs after the dependencies are ready and before the container starts (Kafka: its admin credential). */
  readonly beforeStart?: () => Promise<(context: ServiceHookContext) => Promise<void>>;
}
