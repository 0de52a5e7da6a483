import type { SecretName } from '../secrets/catalog.js';

/** The two least-privilege roles every store gets: name, the secret holding the password, and the CouchDB role. */
export const SEED_ROLES = [
  { name: 'observer_writer', secret: 'OBSERVER_WRITER_PASSWORD', couchRole: 'telemetry_writer' },
  { name: 'replicator', secret: 'REPLICATOR_PASSWORD', couchRole: 'telemetry_reader' },
] as const satisfies readonly { name: string; secret: SecretName; couchRole: string }[];

export type SeedRole = (typeof SEED_ROLES)[number];

/** The SQL database and the CouchDB database that hold the telemetry. */
export const TELEMETRY_DATABASE = 'telemetry';
