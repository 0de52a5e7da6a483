/**
 * Every secret rocketctl manages. Each is generated on first need into .rocketctl/secrets.env and can be
 * overridden by `ROCKETCTL_<NAME>` (and, for the two the old scripts used, their historic variables).
 */
export const SECRET_CATALOG = {
  KAFKA_ADMIN_PASSWORD: { about: 'Kafka super user "admin" (SCRAM-SHA-512, also inter-broker)', legacyEnv: 'ADMIN_PASSWORD' },
  KAFKA_GUARD_PRODUCER_PASSWORD: { about: 'Kafka user "guard-producer" (SCRAM-SHA-512)', legacyEnv: 'SERVICE_PASSWORD' },
  KAFKA_GUARD_CONSUMER_PASSWORD: { about: 'Kafka user "guard-consumer" (SCRAM-SHA-512; reads security-guard-feed)' },
  OBSERVER_WRITER_PASSWORD: { about: 'database role "observer_writer" (insert-only) in every store' },
  REPLICATOR_PASSWORD: { about: 'database role "replicator" (read-only) in every store' },
  POSTGRES_SUPERUSER_PASSWORD: { about: 'Postgres superuser "postgres" (used by seed)' },
  CASSANDRA_SUPERUSER_PASSWORD: { about: 'Cassandra superuser that replaces the default cassandra/cassandra' },
  COUCHDB_ADMIN_PASSWORD: { about: 'CouchDB server admin "admin"' },
  KAFKA_KEYSTORE_PASSWORD: { about: 'Kafka JKS/PKCS12 keystore and key' },
  KAFKA_TRUSTSTORE_PASSWORD: { about: 'Kafka JKS truststore' },
  CASSANDRA_KEYSTORE_PASSWORD: { about: 'Cassandra JKS/PKCS12 keystore and key' },
  CASSANDRA_TRUSTSTORE_PASSWORD: { about: 'Cassandra JKS truststore' },
  OBSERVER_ENCRYPTION_KEY: { about: 'observer AES-256-GCM key (32 bytes, base64url) for every document it stores; see `rocketctl observer rotate-key`' },
} as const satisfies Record<string, { about: string; legacyEnv?: string }>;

export type SecretName = keyof typeof SECRET_CATALOG;
export const SECRET_NAMES = Object.keys(SECRET_CATALOG) as SecretName[];

export function envVariablesFor(name: SecretName): string[] {
  const entry = SECRET_CATALOG[name];
  return [`ROCKETCTL_${name}`, ...('legacyEnv' in entry ? [entry.legacyEnv] : [])];
}

/** Accepts `KAFKA_ADMIN_PASSWORD`, `kafka-admin-password` or `kafka_admin_password`. */
export function parseSecretName(input: string): SecretName | undefined {
  const normalised = input.trim().toUpperCase().replaceAll('-', '_');
  return (SECRET_NAMES as string[]).includes(normalised) ? (normalised as SecretName) : undefined;
}
