import { defineService } from '../descriptor.js';

/** Cassandra with client encryption required and PasswordAuthenticator + CassandraAuthorizer. */
export const cassandra = defineService({
  name: 'cassandra',
  defaults: {
    image: 'cassandra:5.0.4',
    profile: { configDir: '/etc/cassandra', certsDir: '/etc/cassandra/certs', dataDir: '/var/lib/cassandra', fileOwner: '999:999' },
    ports: { cql: 9042 },
  },
  endpoints: { cql: 9042 },
  dependsOn: [],
  tls: {
    files: { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' },
    usages: ['serverAuth', 'clientAuth'],
    javaStores: { keystore: 'CASSANDRA_KEYSTORE_PASSWORD', truststore: 'CASSANDRA_TRUSTSTORE_PASSWORD' },
  },
  secrets: {
    CASSANDRA_SUPERUSER_PASSWORD: { about: 'Cassandra superuser that replaces the default cassandra/cassandra' },
    CASSANDRA_KEYSTORE_PASSWORD: { about: 'Cassandra JKS/PKCS12 keystore and key' },
    CASSANDRA_TRUSTSTORE_PASSWORD: { about: 'Cassandra JKS truststore' },
  },
  seed: { endpoint: 'cql' },
});
