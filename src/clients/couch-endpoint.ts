import { readFile } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/types.js';
import { SEED_ROLES } from '../seed/roles.js';
import type { Secrets } from '../secrets/secrets.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { caCertFile } from '../tls/material-plan.js';
import type { CouchAuth, CouchEndpoint } from './couch-client.js';

/** CouchDB's HTTPS port as published on the bind address, verified as the service's host name against the project CA. */
export async function couchEndpointFor(config: ResolvedConfig): Promise<CouchEndpoint> {
  const service = config.services.couchdb;
  const port = service.ports.https;
  if (!service.enabled || typeof port !== 'number') {
    throw new UsageError(
      'CouchDB is not reachable from this host: services.couchdb is disabled or its https port is not published',
      'enable it and publish services.couchdb.ports.https in the config, then `rocketctl up couchdb`',
    );
  }
  const caFile = caCertFile(config);
  const ca = await readFile(caFile, 'utf8').catch(() => {
    throw new OperationError(`no CA certificate at ${caFile}`, 'run `rocketctl certs gen` (or `rocketctl up`) first');
  });
  // A wildcard bind address is reached through loopback.
  const host = ['0.0.0.0', '::'].includes(config.bindAddress) ? '127.0.0.1' : config.bindAddress;
  return { host, port, servername: service.hostname, ca };
}

/** The seeded CouchDB users: observer_writer writes telemetry (insert-only), replicator reads it. */
export function couchUser(secrets: Secrets, name: (typeof SEED_ROLES)[number]['name']): CouchAuth {
  const role = SEED_ROLES.find((r) => r.name === name)!;
  return { username: role.name, password: secrets.get(role.secret) };
}
