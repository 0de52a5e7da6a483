import { cqlLiteral, cqlLogsIn, type CqlClient } from '../../clients/cql.js';
import { tableGrants, type TableGrant } from '../../seed/grants.js';
import { SEED_ROLES } from '../../seed/roles.js';
import { cqlStatements, loadMigrations, pendingMigrations, readSchemaFile } from '../../seed/schema-files.js';
import { emptyOutcome, type StoreOutcome, type StoreTarget } from '../../seed/store-target.js';
import { OperationError } from '../../shared/errors.js';
import { permissionDrift } from './permissions.js';
import { superuserSession } from './superuser.js';

/**
 * Cassandra: the generated superuser in place of cassandra/cassandra, the two roles, pending migrations
 * (ledger in the `rocketctl` keyspace), then role passwords. Permissions are granted by the migrations.
 */
export async function seedCassandra(target: StoreTarget): Promise<StoreOutcome> {
  const outcome = emptyOutcome();
  const session = await superuserSession(target);
  try {
    target.progress('roles');
    for (const role of SEED_ROLES) {
      const existing = (await session.execute('SELECT role FROM system_auth.roles WHERE role = ?', [role.name], { prepare: true })).first();
      if (existing) {
        await session.execute(`ALTER ROLE ${role.name} WITH LOGIN = true AND SUPERUSER = false`);
        continue;
      }
      await session.execute(
        `CREATE ROLE IF NOT EXISTS ${role.name} WITH PASSWORD = ${cqlLiteral(target.secrets.get(role.secret))} AND LOGIN = true AND SUPERUSER = false`,
      );
      outcome.rolesCreated.push(role.name);
    }
    target.progress('migrations');
    outcome.migrationsApplied = await applyCqlMigrations(session);
    await reassertGrants(session, tableGrants(loadMigrations('cassandra')));
    target.progress('role passwords');
    for (const role of SEED_ROLES) {
      const password = target.secrets.get(role.secret);
      if (await cqlLogsIn(target, { username: role.name, password }, { signal: target.signal })) continue;
      await session.execute(`ALTER ROLE ${role.name} WITH PASSWORD = ${cqlLiteral(password)}`);
      outcome.passwordsSet.push(role.name);
    }
  } finally {
    await session.close();
  }
  return outcome;
}

/** Exactly the table permissions the migrations grant: a missing one is granted, an extra one revoked, the rest left alone. */
async function reassertGrants(session: CqlClient, grants: TableGrant[]): Promise<void> {
  for (const { role, table, missing, extra } of await permissionDrift(
    session,
    grants,
    SEED_ROLES.map((r) => r.name),
  )) {
    for (const permission of missing) await session.execute(`GRANT ${permission} ON TABLE ${table} TO ${role}`);
    for (const permission of extra) await session.execute(`REVOKE ${permission} ON TABLE ${table} FROM ${role}`);
  }
}

/** CQL has no transactions: each statement is idempotent, and the ledger row is written after the last one. */
async function applyCqlMigrations(session: CqlClient): Promise<string[]> {
  for (const statement of cqlStatements(readSchemaFile('cassandra/schema-migrations.cql'))) await session.execute(statement);
  const applied = (await session.execute('SELECT version, checksum FROM rocketctl.schema_migrations')).rows.map((row) => ({
    version: Number(row.get('version')),
    checksum: String(row.get('checksum')),
  }));
  const names: string[] = [];
  for (const migration of pendingMigrations(loadMigrations('cassandra'), applied, 'cassandra')) {
    try {
      for (const statement of cqlStatements(migration.text)) await session.execute(statement);
    } catch (error) {
      throw new OperationError(
        `cassandra: migration ${migration.name} failed: ${(error as Error).message}`,
        'fix the cause and run `rocketctl seed` again: the migration is re-run from its first statement',
        { cause: error },
      );
    }
    await session.execute(
      'INSERT INTO rocketctl.schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, toTimestamp(now()))',
      [migration.version, migration.name, migration.checksum],
      { prepare: true },
    );
    names.push(migration.name);
  }
  return names;
}
