import { DEFAULT_KEY_ALGORITHM } from './key-algorithms.js';
import type { ImageProfile, PortMap, ResolvedTls, TopicConfig } from './types.js';
import type { ServiceName } from './service-names.js';

export interface ServiceDefaults {
  image: string;
  profile: ImageProfile;
  ports: PortMap;
}

export const DEFAULT_PROJECT = 'rocketctl';
export const DEFAULT_CONFIG_FILE = 'rocketctl.config.ts';
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

export const DEFAULT_TLS: ResolvedTls = {
  keyAlgorithm: DEFAULT_KEY_ALGORITHM,
  caValidityDays: 3650,
  // 397 days: the longest validity public clients still accept for server certificates.
  leafValidityDays: 397,
  renewWithinDays: 30,
};

export const DEFAULT_SCRAM_ITERATIONS = 4096;
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** The three topics of the telemetry backend; one broker, so replication 1. */
export const DEFAULT_TOPICS: Record<string, Required<TopicConfig>> = {
  'security-guard-feed': { partitions: 3, replicationFactor: 1, retentionMs: WEEK_MS },
  'telemetry-alerts': { partitions: 3, replicationFactor: 1, retentionMs: WEEK_MS },
  'ai-patterns': { partitions: 1, replicationFactor: 1, retentionMs: 4 * WEEK_MS },
};

const zookeeper = (publishedClientPort: number | null): ServiceDefaults => ({
  image: 'zookeeper:3.8.4',
  profile: { configDir: '/conf', certsDir: '/certs', dataDir: '/data', fileOwner: '1000:1000' },
  ports: { client: publishedClientPort },
});

/** Upstream images pinned by exact version; a different image is a config change, not a code change. */
export const SERVICE_DEFAULTS: Record<ServiceName, ServiceDefaults> = {
  // Every peer is published (on bindAddress only): rocketctl writes credentials and the audit ledger from
  // the host, and must still reach a quorum when any one node, zookeeper-1 included, is down.
  'zookeeper-1': zookeeper(2181),
  'zookeeper-2': zookeeper(2182),
  'zookeeper-3': zookeeper(2183),
  kafka: {
    image: 'apache/kafka:3.9.1',
    profile: {
      configDir: '/etc/kafka/rocketctl',
      certsDir: '/etc/kafka/secrets',
      dataDir: '/var/lib/kafka/data',
      fileOwner: '1000:1000',
    },
    ports: { tls: 9093 },
  },
  cockroach: {
    image: 'cockroachdb/cockroach:v24.3.5',
    profile: { configDir: '/cockroach/rocketctl', certsDir: '/cockroach/certs', dataDir: '/cockroach/cockroach-data', fileOwner: '0:0' },
    ports: { sql: 26257, http: 8080 },
  },
  cassandra: {
    image: 'cassandra:5.0.4',
    profile: { configDir: '/etc/cassandra', certsDir: '/etc/cassandra/certs', dataDir: '/var/lib/cassandra', fileOwner: '999:999' },
    ports: { cql: 9042 },
  },
  postgres: {
    image: 'postgres:15.10-bookworm',
    profile: {
      configDir: '/etc/postgresql/rocketctl',
      certsDir: '/etc/postgresql/certs',
      dataDir: '/var/lib/postgresql/data',
      fileOwner: '999:999',
    },
    ports: { sql: 5432 },
  },
  couchdb: {
    image: 'couchdb:3.4.2',
    profile: { configDir: '/opt/couchdb/etc/local.d', certsDir: '/opt/couchdb/etc/certs', dataDir: '/opt/couchdb/data', fileOwner: '5984:5984' },
    ports: { https: 6984 },
  },
};
