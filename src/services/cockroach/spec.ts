import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedService } from '../../config/types.js';
import type { ServiceSpec } from '../spec.js';
import { baseSpec, certFiles, probeFromHost, type SpecInputs } from '../spec-inputs.js';

const CLIENT_USERS = ['root', 'observer_writer', 'replicator'];

/** CockroachDB single node in secure mode, its certs-dir copied in (keys 0600, as it demands). */
export function cockroachSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { certsDir } = service.profile;
  const clientFiles = CLIENT_USERS.flatMap((user) => [`client.${user}.crt`, `client.${user}.key`]);
  return {
    ...baseSpec(service),
    command: service.profile.command ?? [
      'start-single-node',
      `--certs-dir=${certsDir}`,
      '--listen-addr=:26257',
      '--http-addr=:8080',
      `--advertise-addr=${service.hostname}`,
    ],
    env: { ...service.profile.env },
    files: certFiles(inputs, service, ['ca.crt', 'node.crt', 'node.key', ...clientFiles]),
    readiness: {
      description: 'SQL over verified TLS with the root client certificate',
      timeoutMs: 120_000,
      check: (target) =>
        probeFromHost(target, 'sql', async (endpoint) => {
          const { sqlPing } = await import('../../clients/sql.js');
          const client = (ext: string) => readFile(path.join(inputs.config.certsDir, 'cockroach', `client.root.${ext}`));
          const [cert, key] = await Promise.all([client('crt'), client('key')]);
          const version = await sqlPing(
            { ...endpoint, servername: service.hostname, ca: inputs.caPem, user: 'root', database: 'defaultdb', cert, key },
            { signal: target.signal },
          );
          return version.split(' ').slice(0, 3).join(' ');
        }),
    },
  };
}
