import { verifySqlStore } from '../../seed/sql-verify.js';
import type { StoreTarget } from '../../seed/store-target.js';
import type { StoreVerification } from '../../seed/store-verification.js';
import { COCKROACH_DIALECT, cockroachLogins } from './seed.js';

/** Read-only: the same checks as Postgres, on Cockroach's telemetry_records (unverified here: no Cockroach image). */
export async function verifyCockroach(target: StoreTarget): Promise<StoreVerification> {
  return verifySqlStore(COCKROACH_DIALECT, await cockroachLogins(target), target, {
    table: 'telemetry_records',
    write: "INSERT INTO telemetry_records (vehicle_id, event_time, sequence_no, kind) VALUES ('rocketctl-checklist', now(), 0, 'probe')",
    read: 'SELECT 1 FROM telemetry_records LIMIT 1',
  });
}
