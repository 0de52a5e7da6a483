import type { z } from 'zod';
import type { ImageProfile, PortMap } from '../services/descriptor.js';
import type { ServiceName } from '../services/descriptors.js';
import type { ResolvedWorkers } from '../workers/descriptors.js';
import type { ResolvedEngine } from './engine-config.js';
import type { userConfigSchema } from './schema.js';

/** What a config file may write: derived from the schema, so the two can never disagree. Every field optional. */
export type UserConfig = z.input<typeof userConfigSchema>;
export type ServiceConfig = NonNullable<NonNullable<UserConfig['services']>[ServiceName]>;
export type TlsConfig = NonNullable<UserConfig['tls']>;
export type KafkaSettings = NonNullable<UserConfig['kafka']>;
export type TopicConfig = NonNullable<KafkaSettings['topics']>[string];
export type WorkersConfig = NonNullable<UserConfig['workers']>;
export type TelemetryWorkerConfig = NonNullable<WorkersConfig['telemetry']>;

export type { ImageProfile, PortMap } from '../services/descriptor.js';

/** The resolved TLS settings: `keyBits` is folded into `keyAlgorithm`. */
export type ResolvedTls = Readonly<Required<Omit<TlsConfig, 'keyBits'>>>;

export interface ResolvedService {
  readonly name: ServiceName;
  readonly enabled: boolean;
  readonly image: string;
  /** Host name on the project's docker network; always a SAN of the service certificate. */
  readonly hostname: string;
  readonly profile: Readonly<ImageProfile>;
  readonly ports: Readonly<PortMap>;
  /** Every SAN of the service certificate: host name, localhost, 127.0.0.1, then extras. */
  readonly sans: readonly string[];
}

export interface ResolvedConfig {
  /** Folder of the config file (or the working directory without one); relative paths start here. */
  readonly root: string;
  readonly configFile: string | null;
  readonly project: string;
  readonly certsDir: string;
  readonly stateDir: string;
  /** Where the workers keep their state: `<stateDir>/workers`, or the state volume inside the workers member. */
  readonly workersDir: string;
  /** `host`: services are reached through their published ports; `stack`: by host name on the project network. */
  readonly runsIn: 'host' | 'stack';
  readonly images: {
    /** null: built from this rocketctl by `rocketctl images build` (and `up`). */
    readonly workers: string | null;
    readonly workersBase: string;
  };
  readonly bindAddress: string;
  readonly allowPublicBind: boolean;
  readonly tls: ResolvedTls;
  readonly kafka: {
    readonly scramIterations: number;
    readonly topics: Readonly<Record<string, Readonly<Required<TopicConfig>>>>;
  };
  readonly services: Readonly<Record<ServiceName, ResolvedService>>;
  readonly workers: ResolvedWorkers;
  /** One Docker host, or a Swarm with each service pinned to its node. */
  readonly engine: ResolvedEngine;
}
