import type { KeyAlgorithm } from './key-algorithms.js';
import type { ServiceName } from './service-names.js';

/** How an image is started: the part that differs between upstream images and the lab's. */
export interface ImageProfile {
  entrypoint?: string[];
  command?: string[];
  user?: string;
  /** Where rendered config files are mounted (read-only). */
  configDir: string;
  /** Where the service's TLS material is mounted (read-only). */
  certsDir: string;
  /** Where the named data volume is mounted. */
  dataDir: string;
  /** `uid:gid` the service runs as inside the image: owner of the config and key files copied in. */
  fileOwner: string;
  env?: Record<string, string>;
}

/** Host ports by endpoint name (`client`, `tls`, `sql`, `https`…); null = not published. */
export type PortMap = Record<string, number | null>;

export interface ServiceConfig {
  enabled?: boolean;
  image?: string;
  profile?: Partial<ImageProfile>;
  ports?: PortMap;
  /** Extra subject alternative names (host names or IPs) for this service's certificate. */
  sans?: string[];
}

export interface TlsConfig {
  /** Key type of the CA and every leaf; a key of another type is re-issued. Default 'ecdsa-p256'. */
  keyAlgorithm?: KeyAlgorithm;
  /** @deprecated use keyAlgorithm: `keyBits: N` alone still means `keyAlgorithm: 'rsa-N'`. */
  keyBits?: 2048 | 3072 | 4096;
  caValidityDays?: number;
  leafValidityDays?: number;
  /** A certificate with fewer days left than this is re-issued by `certs gen`. */
  renewWithinDays?: number;
}

export type ResolvedTls = Readonly<Required<Omit<TlsConfig, 'keyBits'>>>;

export interface TopicConfig {
  partitions?: number;
  replicationFactor?: number;
  retentionMs?: number;
}

export interface KafkaSettings {
  /** PBKDF2 iterations for SCRAM-SHA-512 credentials: Kafka accepts 4096..16384 (formats.md §1.5). */
  scramIterations?: number;
  topics?: Record<string, TopicConfig>;
}

/** What a config file may write: every field optional, defaults live in code. */
export interface UserConfig {
  project?: string;
  certsDir?: string;
  stateDir?: string;
  /** Address every published port binds to. */
  bindAddress?: string;
  tls?: TlsConfig;
  kafka?: KafkaSettings;
  services?: Partial<Record<ServiceName, ServiceConfig>>;
}

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
  readonly bindAddress: string;
  readonly tls: ResolvedTls;
  readonly kafka: {
    readonly scramIterations: number;
    readonly topics: Readonly<Record<string, Readonly<Required<TopicConfig>>>>;
  };
  readonly services: Readonly<Record<ServiceName, ResolvedService>>;
}
