import { readFile } from 'node:fs/promises';
import { reachEndpoint } from '../config/reach.js';
import type { ResolvedConfig } from '../config/types.js';
import { SEED_ROLES } from '../seed/roles.js';
import type { Secrets } from '../secrets/secrets.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { caCertFile } from '../tls/material-plan.js';
import type { CouchAuth, CouchEndpoint } from './couch-client.js';

/**
 * CouchDB's HTTPS port as this rocketctl reaches it (published on the bind address, or by host name inside the
 * stack), verified as the service's host name against the project CA.
 */
export async function couchEndpointFor(config: ResolvedConfig): Promise<CouchEndpoint> {
  const service = config.services.couchdb;
  const address = reachEndpoint(config, 'couchdb', 'https');
  if (!service.enabled || address === null) {
    throw new UsageError(
      'CouchDB is not reachable from this host: services.couchdb is disabled or its https port is not published',
      'enable it and publish services.couchdb.ports.https in the config, then `rocketctl up couchdb`',
    );
  }
  const caFile = caCertFile(config);
  const ca = await readFile(caFile, 'utf8').catch(() => {
    throw new OperationError(`no CA certificate at ${caFile}`, 'run `rocketctl certs gen` (or `rocketctl up`) first');
  });
  return { ...address, servername: service.hostname, ca };
}

/** The seeded CouchDB users: observer_writer writes telemetry (insert-only), replicator reads it. */
export function couchUser(secrets: Secrets, name: (typeof SEED_ROLES)[number]['name']): CouchAuth {
  const role = SEED_ROLES.find((r) => r.name === name)!;
  return { username: role.name, password: secrets.get(role.secret) };
}
