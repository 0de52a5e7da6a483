import type { ImageProfile, PortMap, ResolvedConfig, ResolvedService } from '../config/types.js';
import type { Logger } from '../shared/log.js';
import type { ExtendedKeyUsage } from '../tls/issue.js';
import type { StoreOutcome, StoreTarget } from '../seed/store-target.js';
import type { StoreVerification } from '../seed/store-verification.js';
import type { ServiceSpec } from './spec.js';
import type { SpecInputs } from './spec-inputs.js';

/** A secret a service owns: generated on first need, overridable by `ROCKETCTL_<NAME>` (and `legacyEnv`). */
export interface SecretDefinition {
  about: string;
  legacyEnv?: string;
}

/** What a config may override: the pinned upstream image, how it starts, and its published host ports. */
export interface ServiceDefaults {
  image: string;
  profile: ImageProfile;
  ports: PortMap;
}

/** How a service's TLS material is laid out in certs/<service>/: the names its server (or image) expects. */
export interface TlsLayout<S extends string = string> {
  files: { cert: string; key: string; ca: string };
  /** The id `certs list` shows for the leaf (default: the service name). */
  leafId?: string;
  /** Default: the service's host name. Cockroach requires the principal "node". */
  commonName?: string;
  organization?: string;
  usages: readonly ExtendedKeyUsage[];
  /** Client certificates beside the leaf (Cockroach's certs-dir: client.<user>.crt/key). */
  clientCertificates?: readonly string[];
  /** JKS + PKCS12 keystore and a JKS truststore, with the secrets holding their passwords. */
  javaStores?: { keystore: S; truststore: S };
}

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

/**
 * Everything rocketctl knows about one service, in one folder (src/services/<name>/). The registry
 * derives names, defaults, the TLS material plan, the secrets catalog, specs and seed stores from these.
 * Heavy parts (drivers) are imported on use, so light commands never load them.
 */
export interface ServiceModule<N extends string = string, S extends string = string> {
  readonly name: N;
  readonly defaults: ServiceDefaults;
  /** Container port per endpoint name: the only endpoint names a config may publish. */
  readonly endpoints: Readonly<Record<string, number>>;
  /** Services that must be ready before this one starts (names of earlier registry entries). */
  readonly dependsOn: readonly string[];
  readonly tls: TlsLayout<NoInfer<S>>;
  readonly secrets: Readonly<Record<S, SecretDefinition>>;
  readonly spec: SpecBuilder;
  /** Schemas and least-privilege roles, reached through the named endpoint; `verify` checks them without changing anything. */
  readonly seed?: { endpoint: string; load(): Promise<SeedStore>; verify(): Promise<VerifyStore> };
  /** Runs after the dependencies are ready and before the container starts (Kafka: its admin credential). */
  readonly beforeStart?: () => Promise<(context: ServiceHookContext) => Promise<void>>;
}

/** Identity with inference: keeps the literal name and secret names, so the registry can derive their types. */
export function defineService<const N extends string, const S extends string = never>(module: ServiceModule<N, S>): ServiceModule<N, S> {
  return module;
}
