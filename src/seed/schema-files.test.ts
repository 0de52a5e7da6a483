import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cqlStatements, loadMigrations, pendingMigrations, readSchemaFile, type Migration } from './schema-files.js';

const migration = (version: number, checksum: string): Migration => ({ version, name: `00${version}_x.sql`, text: '', checksum });

test('pendingMigrations: only versions not recorded yet, in order', () => {
  const all = [migration(1, 'a'), migration(2, 'b'), migration(3, 'c')];
  assert.deepEqual(
    pendingMigrations(all, [{ version: 1, checksum: 'a' }], 'postgres').map((m) => m.version),
    [2, 3],
  );
  assert.deepEqual(pendingMigrations(all, all, 'postgres'), []);
});

test('pendingMigrations: versions read back as strings (Cockroach INT8) still match', () => {
  assert.deepEqual(pendingMigrations([migration(1, 'a')], [{ version: '1' as unknown as number, checksum: 'a' }], 'cockroach'), []);
});

test('pendingMigrations: an applied migration whose file changed is refused with the fix', () => {
  assert.throws(
    () => pendingMigrations([migration(1, 'new')], [{ version: 1, checksum: 'old' }], 'postgres'),
    (error: Error & { hint?: string }) => {
      assert.match(error.message, /changed after it was applied/);
      assert.match(error.hint ?? '', /new, higher-numbered migration/);
      return true;
    },
  );
});

test('cqlStatements: comments dropped, one statement per `;`', () => {
  const text = "-- header; with a semicolon\nCREATE KEYSPACE k WITH replication = {'class': 'X'};\n// other\nCREATE TABLE k.t (\n  a int PRIMARY KEY\n);\n";
  assert.deepEqual(cqlStatements(text), ["CREATE KEYSPACE k WITH replication = {'class': 'X'}", 'CREATE TABLE k.t (\n  a int PRIMARY KEY\n)']);
});

test('every schema file starts with the owners header; each store has migration 001', () => {
  for (const store of ['postgres', 'cockroach', 'cassandra', 'couchdb'] as const) {
    const migrations = loadMigrations(store);
    assert.equal(migrations[0]?.version, 1, store);
    for (const { name, text } of migrations)
      assert.match(text.slice(0, 400), /Copyright \(c\) Capaciti and ALX\. Licensed under the Apache License 2\.0/, `${store}/${name}`);
  }
  for (const file of ['shared/schema-migrations.sql', 'cassandra/schema-migrations.cql'])
    assert.match(readSchemaFile(file), /^-- Copyright \(c\) Capaciti and ALX/);
  assert.match(readSchemaFile('postgres/access.sql', { database: 'telemetry' }), /GRANT CONNECT ON DATABASE telemetry TO observer_writer, replicator;/);
});
