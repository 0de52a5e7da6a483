import type { ResolvedService } from '../config/types.js';
import { sqlPing } from '../probes/sql-ping.js';
import { renderTemplate } from './render-template.js';
import type { ServiceSpec } from './spec.js';
import { baseSpec, probeFromHost, certFiles, configFile, portsFor, type SpecInputs } from './spec-inputs.js';

/** Postgres with ssl=on (TLS 1.3), scram-sha-256, and pg_hba allowing `hostssl` only. */
export function postgresSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { configDir, certsDir } = service.profile;
  const password = inputs.secrets.get('POSTGRES_SUPERUSER_PASSWORD');
  return {
    ...baseSpec(service),
    command: service.profile.command ?? ['postgres', '-c', `config_file=${configDir}/postgresql.conf`],
    // Used by the image only when it initialises an empty data volume.
    env: { ...service.profile.env, POSTGRES_PASSWORD: password },
    ports: portsFor(service, { sql: 5432 }),
    files: [
      configFile(service, 'postgresql.conf', renderTemplate('postgres/postgresql.conf', { configDir, certsDir }), false),
      configFile(service, 'pg_hba.conf', renderTemplate('postgres/pg_hba.conf', {}), false),
      ...certFiles(inputs, service, 'postgres', ['server.crt', 'server.key', 'root.crt']),
    ],
    dependsOn: [],
    readiness: {
      description: 'SQL over verified TLS as postgres (SELECT version())',
      timeoutMs: 90_000,
      check: (target) =>
        probeFromHost(target, 'sql', async (endpoint) => {
          const version = await sqlPing({ ...endpoint, servername: service.hostname, ca: inputs.caPem, user: 'postgres', password, database: 'postgres' });
          return version.split(' ').slice(0, 2).join(' ');
        }),
    },
  };
}
