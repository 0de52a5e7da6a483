import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grantedTables, tableGrants } from './grants.js';
import { loadMigrations } from './schema-files.js';

test('the grants each store gets come from its migrations: one insert-only writer, one read-only reader', () => {
  assert.deepEqual(tableGrants(loadMigrations('postgres')), [
    { privilege: 'INSERT', table: 'telemetry_events', role: 'observer_writer' },
    { privilege: 'SELECT', table: 'telemetry_events', role: 'replicator' },
  ]);
  assert.deepEqual(tableGrants(loadMigrations('cassandra')), [
    { privilege: 'MODIFY', table: 'telemetry.events_by_vehicle_day', role: 'observer_writer' },
    { privilege: 'SELECT', table: 'telemetry.events_by_vehicle_day', role: 'replicator' },
  ]);
  assert.deepEqual(grantedTables(tableGrants(loadMigrations('cockroach'))), ['telemetry_records']);
});

test('lists of privileges and roles are split; other statements are ignored', () => {
  const migration = {
    version: 1,
    name: '001_x.sql',
    checksum: '',
    text: 'CREATE TABLE t (a int);\nGRANT SELECT, INSERT ON TABLE t TO a, b;\nREVOKE ALL ON t FROM PUBLIC;\n',
  };
  assert.deepEqual(
    tableGrants([migration]).map((g) => `${g.privilege} ${g.table} ${g.role}`),
    ['SELECT t a', 'SELECT t b', 'INSERT t a', 'INSERT t b'],
  );
});
