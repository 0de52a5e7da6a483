import type { ResolvedService } from '../../config/types.js';
import { ReadinessFailure, type ServiceSpec } from '../spec.js';
import { baseSpec, certFiles, configFile, probeFromHost, secretFile, type SpecInputs } from '../spec-inputs.js';

/** Postgres with ssl=on (TLS 1.3), scram-sha-256, and pg_hba allowing `hostssl` only. */
export function postgresSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { configDir, certsDir } = service.profile;
  const password = inputs.secrets.get('POSTGRES_SUPERUSER_PASSWORD');
  return {
    ...baseSpec(service),
    command: service.profile.command ?? ['postgres', '-c', `config_file=${configDir}/postgresql.conf`],
    // The image reads the superuser password from a 0600 file on first start: nothing secret in its env,
    // so `docker inspect` shows no password.
    env: { ...service.profile.env, POSTGRES_PASSWORD_FILE: `${configDir}/superuser-password` },
    files: [
      secretFile(service, 'superuser-password', 'POSTGRES_SUPERUSER_PASSWORD', password),
      configFile(service, 'postgresql.conf', 'postgres/postgresql.conf', { configDir, certsDir }, false),
      configFile(service, 'pg_hba.conf', 'postgres/pg_hba.conf', {}, false),
      ...certFiles(inputs, service, ['server.crt', 'server.key', 'root.crt']),
    ],
    readiness: {
      description: 'SQL over verified TLS as postgres (SELECT version())',
      timeoutMs: 90_000,
      check: (target) =>
        probeFromHost(target, 'sql', async (endpoint) => {
          const { sqlPing } = await import('../../clients/sql.js');
          const login = { ...endpoint, servername: service.hostname, ca: inputs.caPem, user: 'postgres', password, database: 'postgres' };
          const version = await sqlPing(login, { signal: target.signal }).catch((error: { code?: string }) => {
            // 28P01: the server answers, but the data volume was initialised with another superuser password.
            if (error.code === '28P01') throw staleVolume(inputs);
            throw error;
          });
          return version.split(' ').slice(0, 2).join(' ');
        }),
    },
  };
}

function staleVolume(inputs: SpecInputs): ReadinessFailure {
  const source = inputs.secrets.source('POSTGRES_SUPERUSER_PASSWORD');
  return new ReadinessFailure(
    `postgres: its data volume was initialised with another superuser password than POSTGRES_SUPERUSER_PASSWORD (from ${source}), so rocketctl cannot log in`,
    'either restore the secrets file (or the override) that created this volume, or delete the volume and its data with `rocketctl down --volumes` and run `rocketctl up` again',
  );
}
