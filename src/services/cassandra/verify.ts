import cassandra from 'cassandra-driver';
import { createCqlClient, type CqlClient } from '../../clients/cql.js';
import { tableGrants } from '../../seed/grants.js';
import { SEED_ROLES } from '../../seed/roles.js';
import { loadMigrations } from '../../seed/schema-files.js';
import type { StoreTarget } from '../../seed/store-target.js';
import { emptyVerification, unappliedMigrations, type StoreVerification } from '../../seed/store-verification.js';
import { permissionDrift } from './permissions.js';
import { CASSANDRA_SUPERUSER } from './superuser.js';

const TABLE = 'telemetry.events_by_vehicle_day';
// A conditional update of a row that cannot exist: refused without MODIFY, and a no-op with it, so the
// check never writes even when the permission is wrong.
const WRITE_PROBE = `UPDATE ${TABLE} SET kind = 'probe' WHERE vehicle_id = 'rocketctl-checklist' AND day = '1970-01-01' AND event_time = 0 AND event_id = 00000000-0000-1000-8000-000000000000 IF EXISTS`;
const READ_PROBE = `SELECT kind FROM ${TABLE} LIMIT 1`;

/** Read-only: migrations in the `rocketctl` ledger, both roles, and a refused write and a refused read. */
export async function verifyCassandra(target: StoreTarget): Promise<StoreVerification> {
  const result = emptyVerification();
  const options = { signal: target.signal };
  const admin = await createCqlClient(target, { username: CASSANDRA_SUPERUSER, password: target.secrets.get('CASSANDRA_SUPERUSER_PASSWORD') }, options);
  try {
    const ledger = await admin.execute('SELECT version, checksum FROM rocketctl.schema_migrations').catch(() => null);
    const rows = ledger?.rows.map((row) => ({ version: Number(row.get('version')), checksum: String(row.get('checksum')) })) ?? [];
    result.migrationsPending = unappliedMigrations('cassandra', rows);
    const roles = await admin.execute('SELECT role FROM system_auth.roles');
    const present = new Set(roles.rows.map((row) => String(row.get('role'))));
    result.rolesMissing = SEED_ROLES.map((r) => r.name).filter((name) => !present.has(name));
    if (result.rolesMissing.length === 0) {
      for (const { role, table, missing, extra } of await permissionDrift(
        admin,
        tableGrants(loadMigrations('cassandra')),
        SEED_ROLES.map((r) => r.name),
      )) {
        if (missing.length) result.privilegeProblems.push(`${role} lacks ${missing.join(', ')} on ${table}`);
        if (extra.length) result.privilegeProblems.push(`${role} also has ${extra.join(', ')} on ${table}`);
      }
    }
  } finally {
    await admin.close();
  }
  if (result.rolesMissing.length > 0 || result.migrationsPending.length > 0) return result;
  const [writer, replicator] = SEED_ROLES;
  const allowed = async (role: (typeof SEED_ROLES)[number], statement: string) => {
    const session: CqlClient = await createCqlClient(target, { username: role.name, password: target.secrets.get(role.secret) }, options);
    try {
      await session.execute(statement);
      return true;
    } catch (error) {
      if (error instanceof cassandra.errors.ResponseError && error.code === cassandra.types.responseErrorCodes.unauthorized) return false;
      throw error;
    } finally {
      await session.close();
    }
  };
  // Two logins of their own: asked at once, so the check costs one login's wait, not two.
  const [writes, reads] = await Promise.all([allowed(replicator, WRITE_PROBE), allowed(writer, READ_PROBE)]);
  if (writes) result.privilegeProblems.push(`replicator may write to ${TABLE}`);
  if (reads) result.privilegeProblems.push(`observer_writer may read ${TABLE}`);
  return result;
}
