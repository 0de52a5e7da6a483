import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedService } from '../config/types.js';
import { sqlPing } from '../probes/sql-ping.js';
import { COCKROACH_CLIENT_USERS } from '../tls/material-plan.js';
import type { ServiceSpec } from './spec.js';
import { baseSpec, probeFromHost, certFiles, portsFor, type SpecInputs } from './spec-inputs.js';

/** CockroachDB single node in secure mode, its certs-dir copied in (keys 0600, as it demands). */
export function cockroachSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { certsDir } = service.profile;
  const clientFiles = COCKROACH_CLIENT_USERS.flatMap((user) => [`client.${user}.crt`, `client.${user}.key`]);
  return {
    ...baseSpec(service),
    command: service.profile.command ?? ['start-single-node', `--certs-dir=${certsDir}`, '--listen-addr=:26257', '--http-addr=:8080', `--advertise-addr=${service.hostname}`],
    env: { ...service.profile.env },
    ports: portsFor(service, { sql: 26257, http: 8080 }),
    files: certFiles(inputs, service, 'cockroach', ['ca.crt', 'node.crt', 'node.key', ...clientFiles]),
    dependsOn: [],
    readiness: {
      description: 'SQL over verified TLS with the root client certificate',
      timeoutMs: 120_000,
      check: (target) =>
        probeFromHost(target, 'sql', async (endpoint) => {
          const client = (ext: string) => path.join(inputs.config.certsDir, 'cockroach', `client.root.${ext}`);
          const version = await sqlPing({ ...endpoint, servername: service.hostname, ca: inputs.caPem, user: 'root', database: 'defaultdb', cert: readFileSync(client('crt')), key: readFileSync(client('key')) });
          return version.split(' ').slice(0, 3).join(' ');
        }),
    },
  };
}
