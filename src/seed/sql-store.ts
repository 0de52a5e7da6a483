import { usingSqlClient, type SqlClient } from '../clients/sql.js';
import { OperationError } from '../shared/errors.js';
import { SEED_ROLES, TELEMETRY_DATABASE } from './roles.js';
import { grantedTables, tableGrants, type TableGrant } from './grants.js';
import { postgresScramVerifier } from './scram-verifier.js';
import { loadMigrations, pendingMigrations, readSchemaFile, type Migration } from './schema-files.js';
import { emptyOutcome, type StoreOutcome, type StoreTarget } from './store-target.js';

/** Where Postgres and Cockroach differ in seeding; everything else is the same SQL. */
export interface SqlDialect {
  store: 'postgres' | 'cockroach';
  /** The database the admin connects to before the telemetry database exists. */
  adminDatabase: string;
  /** Role attributes, enforced on every run (never the password). */
  roleOptions: string;
}

export interface SqlLogins {
  asAdmin(database: string): Promise<SqlClient>;
  asRole(role: string, password: string, database: string): Promise<SqlClient>;
}

const INVALID_PASSWORD = '28P01';

/** Roles, the telemetry database, its access lockdown, pending migrations, then role passwords. */
export async function seedSqlStore(dialect: SqlDialect, logins: SqlLogins, target: StoreTarget): Promise<StoreOutcome> {
  const outcome = emptyOutcome();
  await usingSqlClient(logins.asAdmin(dialect.adminDatabase), async (admin) => {
    target.progress('roles and database');
    for (const role of SEED_ROLES) {
      if (!(await exists(admin, 'SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', role.name))) {
        await admin.query(
          `CREATE ROLE ${role.name} WITH ${dialect.roleOptions} PASSWORD ${admin.escapeLiteral(await postgresScramVerifier(target.secrets.get(role.secret)))}`,
        );
        outcome.rolesCreated.push(role.name);
      }
      await admin.query(`ALTER ROLE ${role.name} WITH ${dialect.roleOptions}`);
    }
    if (!(await exists(admin, 'SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', TELEMETRY_DATABASE))) {
      await admin.query(`CREATE DATABASE ${TELEMETRY_DATABASE}`);
    }
  });
  await usingSqlClient(logins.asAdmin(TELEMETRY_DATABASE), async (admin) => {
    target.progress('access and migrations');
    await admin.query(readSchemaFile(`${dialect.store}/access.sql`, { database: TELEMETRY_DATABASE }));
    const migrations = loadMigrations(dialect.store);
    outcome.migrationsApplied = await applySqlMigrations(admin, migrations, dialect.store);
    await reassertGrants(admin, tableGrants(migrations));
    target.progress('role passwords');
    for (const role of SEED_ROLES) {
      const password = target.secrets.get(role.secret);
      if (await logsIn(logins, role.name, password)) continue;
      await admin.query(`ALTER ROLE ${role.name} WITH PASSWORD ${admin.escapeLiteral(await postgresScramVerifier(password))}`);
      outcome.passwordsSet.push(role.name);
    }
  });
  return outcome;
}

/**
 * Applies each pending migration in its own transaction together with its ledger row, so a failed
 * migration leaves nothing behind and the next run starts it again. Returns the names applied.
 */
export async function applySqlMigrations(client: SqlClient, migrations: Migration[], store: string): Promise<string[]> {
  await client.query(readSchemaFile('shared/schema-migrations.sql'));
  const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM rocketctl_schema_migrations');
  const applied: string[] = [];
  for (const migration of pendingMigrations(migrations, rows, store)) {
    try {
      await client.query('BEGIN');
      await client.query(migration.text);
      await client.query('INSERT INTO rocketctl_schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new OperationError(
        `${store}: migration ${migration.name} failed: ${(error as Error).message}`,
        'fix the cause and run `rocketctl seed` again: the migration was rolled back, earlier ones are kept',
        { cause: error },
      );
    }
    applied.push(migration.name);
  }
  return applied;
}

/**
 * Exactly the table privileges the migrations grant, nothing more: the roles' privileges on those tables are
 * revoked and granted again in one transaction, so a dropped grant comes back and an added one goes away.
 */
async function reassertGrants(admin: SqlClient, grants: TableGrant[]): Promise<void> {
  const roles = SEED_ROLES.map((role) => role.name).join(', ');
  await admin.query('BEGIN');
  try {
    for (const table of grantedTables(grants)) await admin.query(`REVOKE ALL ON ${table} FROM ${roles}`);
    for (const grant of grants) await admin.query(`GRANT ${grant.privilege} ON ${grant.table} TO ${grant.role}`);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** True when the role logs in with this password; false only when the server says the password is wrong. */
async function logsIn(logins: SqlLogins, role: string, password: string): Promise<boolean> {
  try {
    await usingSqlClient(logins.asRole(role, password, TELEMETRY_DATABASE), (client) => client.query('SELECT 1'));
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === INVALID_PASSWORD) return false;
    throw error;
  }
}

async function exists(client: SqlClient, sql: string, value: string): Promise<boolean> {
  return ((await client.query(sql, [value])).rowCount ?? 0) > 0;
}
