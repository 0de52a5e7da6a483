import { retry } from '../../src/shared/retry.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { createSqlClient } from '../../src/clients/sql.js';
import { applySqlMigrations } from '../../src/seed/sql-store.js';
import { loadMigrations } from '../../src/seed/schema-files.js';
import { type CliResult, projectCli } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { couchRequest, storeEndpoints, cqlAs, isCqlBadCredentials, isCqlUnauthorized, sqlOnce, type StoreEndpoint } from '../support/store-clients.js';

const PROJECT = 'rocketctl-e2e-seed';
type Seeded = { store: string; state: string; migrationsApplied?: string[]; rolesCreated?: string[]; passwordsSet?: string[] };
const unchanged = (s: Seeded) => s.state === 'skipped' || s.migrationsApplied!.length + s.rolesCreated!.length + s.passwordsSet!.length === 0;

describe('seed: schemas and least-privilege roles, proven by what each role can and cannot do', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  let store: Record<'postgres' | 'cassandra' | 'couchdb', StoreEndpoint>;
  const cli = projectCli(() => project.dir);
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  const seedCli = async (...args: string[]): Promise<CliResult & { stores: Seeded[] }> => {
    const result = await cli('--json', 'seed', ...args);
    return { ...result, stores: result.exitCode === 0 ? (JSON.parse(result.stdout) as { stores: Seeded[] }).stores : [] };
  };
  const pgAs = async (user: string, sql: string, database = 'telemetry') =>
    sqlOnce(store.postgres, user, user === 'postgres' ? await secret('POSTGRES_SUPERUSER_PASSWORD') : await secret(`${user}_password`), database, sql);
  const cqlRole = async (role: string) => cqlAs(store.cassandra, role, await secret(`${role}_password`));
  const couchAuth = async (role: string) => `${role}:${await secret(`${role}_password`)}`;
  // Cassandra caches credentials (credentials_validity, 2 s by default, refreshed in the background): an
  // old password keeps working on a node until its cache entry expires.
  const cqlRefusedWithin = (role: string, password: string, ms: number) =>
    retry(
      async () => {
        const outcome = await cqlAs(store.cassandra, role, password).then(
          (session) => session.shutdown().then(() => 'accepted'),
          (e: unknown) => e,
        );
        if (outcome === 'accepted') throw new Error(`${role}'s old password still works after ${ms / 1000} s`);
        assert.ok(isCqlBadCredentials(outcome), String(outcome));
      },
      { timeoutMs: ms, intervalMs: 500, retryOn: (error) => !(error instanceof assert.AssertionError), onGiveUp: (error) => error as Error },
    );

  before(async () => {
    project = await createLabProject(PROJECT, '{}', { portOffset: 1000 });
    const up = await cli('up', 'cassandra', 'postgres', 'couchdb');
    assert.equal(up.exitCode, 0, up.stderr);
    const at = await storeEndpoints(cli, project.dir);
    store = { postgres: at('postgres', 'sql'), cassandra: at('cassandra', 'cql'), couchdb: at('couchdb', 'https') };
  });
  after(() => project?.cleanup());

  test('postgres stopped: seed exits 1 naming it with the fix and seeds the others; after up, a re-run finishes it', async () => {
    await execa('docker', ['stop', `${PROJECT}-postgres`]);
    const failed = await seedCli();
    assert.equal(failed.exitCode, 1, failed.stderr);
    assert.match(failed.stderr, /postgres is not running/);
    assert.match(failed.stderr, /rocketctl up postgres/);
    assert.match(failed.stderr, /seeded: cassandra, couchdb/);
    await (await cqlRole('observer_writer')).shutdown();
    assert.equal((await couchRequest(store.couchdb, 'GET', '/_session', { auth: await couchAuth('observer_writer') })).status, 200);

    assert.equal((await cli('up', 'postgres')).exitCode, 0);
    const rerun = await seedCli();
    assert.equal(rerun.exitCode, 0, rerun.stderr);
    const byStore = Object.fromEntries(rerun.stores.map((s) => [s.store, s]));
    assert.deepEqual(byStore.postgres!.migrationsApplied, ['001_telemetry.sql']);
    assert.deepEqual(byStore.postgres!.rolesCreated, ['observer_writer', 'replicator']);
    assert.ok(unchanged(byStore.cassandra!) && unchanged(byStore.couchdb!), 'the stores seeded before are left as they were');
    assert.deepEqual(byStore.cockroach, { store: 'cockroach', state: 'skipped', reason: 'disabled in the config' });
  });

  test('Postgres: observer_writer only inserts telemetry; replicator only reads it; no DDL, nothing else', async () => {
    const denied = async (user: string, sql: string, database?: string) =>
      assert.rejects(pgAs(user, sql, database), (e: { code?: string }) => e.code === '42501', `${user}: ${sql}`);
    await pgAs('observer_writer', "INSERT INTO telemetry_events (vehicle_id, event_time, kind) VALUES ('v-1', now(), 'speed')");
    await denied('observer_writer', 'SELECT * FROM telemetry_events');
    await denied('observer_writer', 'SELECT * FROM rocketctl_schema_migrations');
    await denied('observer_writer', 'CREATE TABLE intruder (id int)');
    await denied('observer_writer', 'CREATE TEMP TABLE intruder (id int)');
    await denied('observer_writer', 'DROP TABLE telemetry_events');
    await denied('observer_writer', 'ALTER TABLE telemetry_events ADD COLUMN extra text');
    await denied('observer_writer', 'SELECT 1', 'postgres');
    assert.equal((await pgAs('replicator', "SELECT vehicle_id FROM telemetry_events WHERE vehicle_id = 'v-1'")).rowCount, 1);
    await denied('replicator', "INSERT INTO telemetry_events (vehicle_id, event_time, kind) VALUES ('v-2', now(), 'speed')");
    await denied('replicator', 'DELETE FROM telemetry_events');
    await denied('replicator', 'SELECT * FROM rocketctl_schema_migrations');
    await denied('replicator', 'DROP TABLE telemetry_events');
  });

  test('Cassandra: observer_writer only writes telemetry (MODIFY); replicator only reads it; no DDL, nothing else', async () => {
    const writer = await cqlRole('observer_writer');
    const reader = await cqlRole('replicator');
    const insert =
      "INSERT INTO telemetry.events_by_vehicle_day (vehicle_id, day, event_time, event_id, kind, payload) VALUES ('v-1', '2026-01-02', '2026-01-02 10:00:00+0000', now(), 'speed', '{}')";
    const denied = (session: typeof writer, cql: string) => assert.rejects(session.execute(cql), isCqlUnauthorized, cql);
    try {
      await writer.execute(insert);
      await denied(writer, "SELECT * FROM telemetry.events_by_vehicle_day WHERE vehicle_id = 'v-1' AND day = '2026-01-02'");
      await denied(writer, 'SELECT * FROM rocketctl.schema_migrations');
      await denied(writer, 'CREATE TABLE telemetry.intruder (id int PRIMARY KEY)');
      await denied(writer, "CREATE KEYSPACE intruder WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 1}");
      await denied(writer, 'DROP TABLE telemetry.events_by_vehicle_day');
      await denied(writer, 'ALTER TABLE telemetry.events_by_vehicle_day ADD extra text');
      const rows = await reader.execute("SELECT kind FROM telemetry.events_by_vehicle_day WHERE vehicle_id = 'v-1' AND day = '2026-01-02'");
      assert.equal(rows.rowLength, 1);
      await denied(reader, insert);
      await denied(reader, "DELETE FROM telemetry.events_by_vehicle_day WHERE vehicle_id = 'v-1' AND day = '2026-01-02'");
      await denied(reader, 'SELECT * FROM rocketctl.schema_migrations');
      await denied(reader, 'DROP TABLE telemetry.events_by_vehicle_day');
    } finally {
      await Promise.all([writer.shutdown(), reader.shutdown()]);
    }
  });

  test('Cassandra: cassandra/cassandra no longer logs in; the generated superuser does', async () => {
    await assert.rejects(cqlAs(store.cassandra, 'cassandra', 'cassandra'), isCqlBadCredentials);
    const admin = await cqlAs(store.cassandra, 'rocketctl_admin', await secret('CASSANDRA_SUPERUSER_PASSWORD'));
    const row = (await admin.execute("SELECT can_login, is_superuser FROM system_auth.roles WHERE role = 'cassandra'")).first();
    await admin.shutdown();
    assert.deepEqual([row.get('can_login'), row.get('is_superuser')], [false, false]);
  });

  test('CouchDB peer: observer_writer writes (insert-only); replicator reads only; anonymous 401; a user without the role 403', async () => {
    const admin = `admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`;
    const [writer, reader] = [await couchAuth('observer_writer'), await couchAuth('replicator')];
    const created = await couchRequest(store.couchdb, 'PUT', '/telemetry/reading-1', { auth: writer, body: { vehicle_id: 'v-1', kind: 'speed' } });
    assert.equal(created.status, 201);
    assert.equal(
      (await couchRequest(store.couchdb, 'PUT', '/telemetry/reading-1', { auth: writer, body: { _rev: created.json.rev, kind: 'edited' } })).status,
      403,
      'insert-only',
    );
    assert.equal((await couchRequest(store.couchdb, 'GET', '/telemetry/reading-1', { auth: reader })).status, 200);
    assert.equal((await couchRequest(store.couchdb, 'PUT', '/telemetry/reading-2', { auth: reader, body: { kind: 'speed' } })).status, 403);
    assert.equal((await couchRequest(store.couchdb, 'GET', '/telemetry')).status, 401);
    const visitor = { _id: 'org.couchdb.user:visitor', name: 'visitor', type: 'user', roles: [], password: 'visitor-password-123' };
    assert.equal((await couchRequest(store.couchdb, 'PUT', '/_users/org.couchdb.user:visitor', { auth: admin, body: visitor })).status, 201);
    assert.equal((await couchRequest(store.couchdb, 'GET', '/telemetry', { auth: 'visitor:visitor-password-123' })).status, 403);
    assert.equal((await couchRequest(store.couchdb, 'PUT', '/telemetry/reading-3', { auth: 'visitor:visitor-password-123', body: {} })).status, 403);
    assert.equal((await couchRequest(store.couchdb, 'PUT', '/telemetry/_security', { auth: writer, body: {} })).status, 403);
  });

  test("Cockroach's SQL (the subset it shares with Postgres) applied to Postgres: versioned once, and the same role limits", async () => {
    const superuser = await secret('POSTGRES_SUPERUSER_PASSWORD');
    await pgAs('postgres', 'CREATE DATABASE cockroach_sql_check', 'postgres');
    const { host, port, ca } = store.postgres;
    const client = await createSqlClient({
      host,
      port,
      ca,
      servername: store.postgres.servername,
      user: 'postgres',
      password: superuser,
      database: 'cockroach_sql_check',
    });
    try {
      assert.deepEqual(await applySqlMigrations(client, loadMigrations('cockroach'), 'cockroach'), ['001_telemetry.sql']);
      assert.deepEqual(await applySqlMigrations(client, loadMigrations('cockroach'), 'cockroach'), []);
      assert.equal((await client.query('SELECT * FROM rocketctl_schema_migrations')).rowCount, 1);
    } finally {
      await client.close();
    }
    const inCheck = (user: string, sql: string) => pgAs(user, sql, 'cockroach_sql_check');
    const denied = (user: string, sql: string) => assert.rejects(inCheck(user, sql), (e: { code?: string }) => e.code === '42501', `${user}: ${sql}`);
    await inCheck('observer_writer', "INSERT INTO telemetry_records (vehicle_id, event_time, sequence_no, kind) VALUES ('v-1', now(), 1, 'speed')");
    await denied('observer_writer', 'SELECT * FROM telemetry_records');
    await denied('observer_writer', 'DROP TABLE telemetry_records');
    assert.equal((await inCheck('replicator', 'SELECT * FROM telemetry_records')).rowCount, 1);
    await denied('replicator', 'DELETE FROM telemetry_records');
    await denied('replicator', "INSERT INTO telemetry_records (vehicle_id, event_time, sequence_no, kind) VALUES ('v-1', now(), 2, 'speed')");
  });

  test('seed twice: no error, nothing applied or duplicated, no password changed', async () => {
    const secretsFile = path.join(project.dir, '.rocketctl/secrets.env');
    const before = await readFile(secretsFile);
    for (let run = 0; run < 2; run++) {
      const again = await seedCli();
      assert.equal(again.exitCode, 0, again.stderr);
      assert.ok(again.stores.every(unchanged), again.stdout);
    }
    assert.deepEqual(await readFile(secretsFile), before, 'the secrets file is byte-identical');
    assert.equal((await pgAs('postgres', 'SELECT * FROM rocketctl_schema_migrations')).rowCount, 1);
    const admin = await cqlAs(store.cassandra, 'rocketctl_admin', await secret('CASSANDRA_SUPERUSER_PASSWORD'));
    assert.equal((await admin.execute('SELECT * FROM rocketctl.schema_migrations')).rowLength, 1);
    await admin.shutdown();
    const ledger = await couchRequest(store.couchdb, 'GET', '/telemetry/_design/rocketctl-migrations', {
      auth: `admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`,
    });
    assert.equal((ledger.json.applied as unknown[]).length, 1);
    for (const role of ['observer_writer', 'replicator']) {
      await pgAs(role, 'SELECT 1');
      await (await cqlRole(role)).shutdown();
      assert.equal((await couchRequest(store.couchdb, 'GET', '/_session', { auth: await couchAuth(role) })).status, 200);
    }
  });

  test('--rotate: new role passwords in the secrets file and every store; the old ones stop working', async () => {
    const old = { observer_writer: await secret('OBSERVER_WRITER_PASSWORD'), replicator: await secret('REPLICATOR_PASSWORD') };
    const rotated = await seedCli('--rotate');
    assert.equal(rotated.exitCode, 0, rotated.stderr);
    for (const [role, oldPassword] of Object.entries(old)) {
      const fresh = await secret(`${role}_password`);
      assert.notEqual(fresh, oldPassword);
      await assert.rejects(sqlOnce(store.postgres, role, oldPassword, 'telemetry', 'SELECT 1'), (e: { code?: string }) => e.code === '28P01');
      await pgAs(role, 'SELECT 1');
      await cqlRefusedWithin(role, oldPassword, 10_000);
      await (await cqlRole(role)).shutdown();
      assert.equal((await couchRequest(store.couchdb, 'GET', '/_session', { auth: `${role}:${oldPassword}` })).status, 401);
      assert.equal((await couchRequest(store.couchdb, 'GET', '/_session', { auth: `${role}:${fresh}` })).status, 200);
    }
  });
});
