import { verifySqlStore } from '../../seed/sql-verify.js';
import type { StoreTarget } from '../../seed/store-target.js';
import type { StoreVerification } from '../../seed/store-verification.js';
import { POSTGRES_DIALECT, postgresLogins } from './seed.js';

/** Read-only: migrations applied, both roles present, replicator cannot write and observer_writer cannot read. */
export function verifyPostgres(target: StoreTarget): Promise<StoreVerification> {
  return verifySqlStore(POSTGRES_DIALECT, postgresLogins(target), target, {
    table: 'telemetry_events',
    write: "INSERT INTO telemetry_events (vehicle_id, event_time, kind) VALUES ('rocketctl-checklist', now(), 'probe')",
    read: 'SELECT 1 FROM telemetry_events LIMIT 1',
  });
}
