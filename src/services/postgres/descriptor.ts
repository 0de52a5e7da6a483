import { defineService } from '../descriptor.js';

/** Postgres with ssl=on (TLS 1.3), scram-sha-256, and pg_hba allowing `hostssl` only. */
export const postgres = defineService({
  name: 'postgres',
  defaults: {
    image: 'postgres:15.10-bookworm',
    profile: { configDir: '/etc/postgresql/rocketctl', certsDir: '/etc/postgresql/certs', dataDir: '/var/lib/postgresql/data', fileOwner: '999:999' },
    ports: { sql: 5432 },
  },
  endpoints: { sql: 5432 },
  dependsOn: [],
  // Postgres' own names; it only serves, so serverAuth alone.
  tls: { files: { cert: 'server.crt', key: 'server.key', ca: 'root.crt' }, usages: ['serverAuth'] },
  secrets: { POSTGRES_SUPERUSER_PASSWORD: { about: 'Postgres superuser "postgres" (used by seed)' } },
  seed: { endpoint: 'sql' },
});
