import type { ImageProfile, PortMap, TlsConfig } from './types.js';
import type { ServiceName } from './service-names.js';

export interface ServiceDefaults {
  image: string;
  profile: ImageProfile;
  ports: PortMap;
}

export const DEFAULT_PROJECT = 'rocketctl';
export const DEFAULT_CONFIG_FILE = 'rocketctl.config.ts';
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

export const DEFAULT_TLS: Required<TlsConfig> = {
  keyBits: 2048,
  caValidityDays: 3650,
  // 397 days: the longest validity public clients still accept for server certificates.
  leafValidityDays: 397,
  renewWithinDays: 30,
};

const zookeeper = (publishedClientPort: number | null): ServiceDefaults => ({
  image: 'zookeeper:3.8.4',
  profile: { configDir: '/conf', certsDir: '/certs', dataDir: '/data' },
  ports: { client: publishedClientPort },
});

/** Upstream images pinned by exact version; a different image is a config change, not a code change. */
export const SERVICE_DEFAULTS: Record<ServiceName, ServiceDefaults> = {
  // Only zookeeper-1 is published: it is the diagnostics endpoint; clients use the docker network.
  'zookeeper-1': zookeeper(2181),
  'zookeeper-2': zookeeper(null),
  'zookeeper-3': zookeeper(null),
  kafka: {
    image: 'apache/kafka:3.9.1',
    profile: {
      command: ['/opt/kafka/bin/kafka-server-start.sh', '/etc/kafka/rocketctl/server.properties'],
      configDir: '/etc/kafka/rocketctl',
      certsDir: '/etc/kafka/secrets',
      dataDir: '/var/lib/kafka/data',
    },
    ports: { tls: 9093 },
  },
  cockroach: {
    image: 'cockroachdb/cockroach:v24.3.5',
    profile: { configDir: '/cockroach/rocketctl', certsDir: '/cockroach/certs', dataDir: '/cockroach/cockroach-data' },
    ports: { sql: 26257, http: 8080 },
  },
  cassandra: {
    image: 'cassandra:5.0.4',
    profile: { configDir: '/etc/cassandra', certsDir: '/etc/cassandra/certs', dataDir: '/var/lib/cassandra' },
    ports: { cql: 9042 },
  },
  postgres: {
    image: 'postgres:15.10-bookworm',
    profile: {
      command: ['postgres', '-c', 'config_file=/etc/postgresql/rocketctl/postgresql.conf'],
      configDir: '/etc/postgresql/rocketctl',
      certsDir: '/etc/postgresql/certs',
      dataDir: '/var/lib/postgresql/data',
    },
    ports: { sql: 5432 },
  },
  couchdb: {
    image: 'couchdb:3.4.2',
    profile: { configDir: '/opt/couchdb/etc/local.d', certsDir: '/opt/couchdb/etc/certs', dataDir: '/opt/couchdb/data' },
    ports: { https: 6984 },
  },
};
