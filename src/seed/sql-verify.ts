import { usingSqlClient, type SqlClient } from '../clients/sql.js';
import { tableGrants } from './grants.js';
import { SEED_ROLES, TELEMETRY_DATABASE } from './roles.js';
import { loadMigrations } from './schema-files.js';
import { emptyVerification, unappliedMigrations, type StoreVerification } from './store-verification.js';
import type { SqlDialect, SqlLogins } from './sql-store.js';
import type { StoreTarget } from './store-target.js';

const INSUFFICIENT_PRIVILEGE = '42501';

/** The statements that prove least privilege on one table; each runs in a transaction that is rolled back. */
export interface PrivilegeProbes {
  table: string;
  /** What replicator must not be allowed to do. */
  write: string;
  /** What observer_writer must not be allowed to do. */
  read: string;
}

/** Read-only: the ledger against the migration files, both roles, and a refused write and a refused read. */
export async function verifySqlStore(dialect: SqlDialect, logins: SqlLogins, target: StoreTarget, probes: PrivilegeProbes): Promise<StoreVerification> {
  const result = emptyVerification();
  await usingSqlClient(logins.asAdmin(TELEMETRY_DATABASE), async (admin) => {
    const ledger = await admin
      .query<{ version: number; checksum: string }>('SELECT version, checksum FROM rocketctl_schema_migrations')
      .catch(() => ({ rows: [] }));
    result.migrationsPending = unappliedMigrations(dialect.store, ledger.rows);
    const roles = await admin.query<{ rolname: string }>('SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1)', [SEED_ROLES.map((r) => r.name)]);
    result.rolesMissing = SEED_ROLES.map((r) => r.name).filter((name) => !roles.rows.some((row) => row.rolname === name));
    if (result.rolesMissing.length === 0 && result.migrationsPending.length === 0) {
      for (const grant of tableGrants(loadMigrations(dialect.store))) {
        const held = await admin.query<{ held: boolean }>('SELECT has_table_privilege($1, $2, $3) AS held', [grant.role, grant.table, grant.privilege]);
        if (!held.rows[0]?.held) result.privilegeProblems.push(`${grant.role} lacks ${grant.privilege} on ${grant.table}`);
      }
    }
  });
  if (result.rolesMissing.length > 0 || result.migrationsPending.length > 0) return result;
  const asRole = (role: (typeof SEED_ROLES)[number]) => logins.asRole(role.name, target.secrets.get(role.secret), TELEMETRY_DATABASE);
  const [writer, replicator] = SEED_ROLES;
  // Two logins of their own: asked at once, so the check costs one login's wait, not two.
  const [writes, reads] = await Promise.all([allowed(asRole(replicator), probes.write), allowed(asRole(writer), probes.read)]);
  if (writes) result.privilegeProblems.push(`replicator may write to ${probes.table}`);
  if (reads) result.privilegeProblems.push(`observer_writer may read ${probes.table}`);
  return result;
}

/** Runs the statement in a transaction that is always rolled back: true when the server allowed it. */
async function allowed(connecting: Promise<SqlClient>, statement: string): Promise<boolean> {
  return usingSqlClient(connecting, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(statement);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === INSUFFICIENT_PRIVILEGE) return false;
      throw error;
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  });
}
