import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFingerprints, fingerprintPart, isFingerprinted } from './fingerprint.js';

const dump = (restrictKey: string, note: string) =>
  [
    '--',
    '-- PostgreSQL database dump',
    `\\restrict ${restrictKey}`,
    'SET statement_timeout = 0;',
    'CREATE TABLE public.readings (id integer, note text);',
    "INSERT INTO public.readings VALUES (1, 'a');",
    `INSERT INTO public.readings VALUES (2, '${note}');`,
    "INSERT INTO public.notes VALUES ('two",
    "lines');",
    `\\unrestrict ${restrictKey}`,
    '',
  ].join('\n');

test('a pg_dump: one unit per table and one for the schema; psql meta-lines and comments do not count', () => {
  const first = fingerprintPart('postgres/databases/telemetry.sql', dump('k1', 'b'));
  const again = fingerprintPart('postgres/databases/telemetry.sql', dump('k2', 'b'));
  assert.deepEqual(
    first.map((f) => [f.unit, f.count]),
    [
      ['postgres telemetry (schema)', 2],
      ['postgres telemetry.public.notes', 1],
      ['postgres telemetry.public.readings', 2],
    ],
  );
  assert.deepEqual(again, first, 'a new \\restrict key is the same content');
  const changed = fingerprintPart('postgres/databases/telemetry.sql', dump('k1', 'changed'));
  assert.notEqual(changed[2]!.sha256, first[2]!.sha256, 'a changed row changes its table');
  assert.equal(changed[1]!.sha256, first[1]!.sha256, 'and no other table');
});

test("roles: a new SCRAM verifier (seed's new salt) is the same role; another attribute is not", () => {
  const globals = (verifier: string, login: string) => `CREATE ROLE reader;\nALTER ROLE reader WITH ${login} PASSWORD '${verifier}';\nGRANT a TO reader;\n`;
  const [one] = fingerprintPart('postgres/globals.sql', globals('SCRAM-SHA-256$4096:x', 'LOGIN'));
  assert.equal(one!.count, 1);
  assert.deepEqual(fingerprintPart('postgres/globals.sql', globals('SCRAM-SHA-256$4096:y', 'LOGIN')), [one]);
  assert.notDeepEqual(fingerprintPart('postgres/globals.sql', globals('SCRAM-SHA-256$4096:x', 'NOLOGIN')), [one]);
});

test('CouchDB: a database counts its documents (not its _security line); _users entries compare by name, type and roles', () => {
  const db = `{"database":"telemetry","security":{}}\n{"_id":"a","_rev":"1-x"}\n{"_id":"b","_rev":"1-y"}\n`;
  assert.deepEqual(
    fingerprintPart('couchdb/databases/telemetry.ndjson', db).map((f) => [f.unit, f.count]),
    [['couchdb telemetry', 2]],
  );
  assert.notDeepEqual(
    fingerprintPart('couchdb/databases/telemetry.ndjson', db.replace('1-y', '2-z')),
    fingerprintPart('couchdb/databases/telemetry.ndjson', db),
  );
  const user = (rev: string, roles: string[]) =>
    `${JSON.stringify({ _id: 'org.couchdb.user:r', _rev: rev, name: 'r', type: 'user', roles, derived_key: rev })}\n`;
  assert.deepEqual(fingerprintPart('couchdb/users.ndjson', user('1-a', ['x'])), fingerprintPart('couchdb/users.ndjson', user('3-b', ['x'])));
  assert.notDeepEqual(fingerprintPart('couchdb/users.ndjson', user('1-a', ['x'])), fingerprintPart('couchdb/users.ndjson', user('1-a', ['y'])));
});

test('Cassandra rows compare in any order; ZooKeeper compares each tree but the audit ledger', () => {
  const rows = (...lines: string[]) => `{"keyspace":"telemetry","table":"events"}\n${lines.join('\n')}\n`;
  const [table] = fingerprintPart('cassandra/telemetry.events.ndjson', rows('{"id":1}', '{"id":2}'));
  assert.deepEqual(table, { ...table, unit: 'cassandra telemetry.events', count: 2 });
  assert.deepEqual(fingerprintPart('cassandra/telemetry.events.ndjson', rows('{"id":2}', '{"id":1}')), [table]);
  const znodes = (audit: string) =>
    JSON.stringify([
      { path: '/kafka-acl', data: '' },
      { path: '/kafka-acl/Topic', data: 'e30=' },
      { path: '/rocketctl/audit', data: '' },
      { path: `/rocketctl/audit/${audit}`, data: '' },
    ]);
  const prints = fingerprintPart('zookeeper/znodes.json', znodes('0001'));
  assert.equal(prints.find((f) => f.unit === 'zookeeper /kafka-acl')!.count, 2);
  assert.equal(
    prints.some((f) => f.unit.includes('audit')),
    false,
  );
  assert.deepEqual(fingerprintPart('zookeeper/znodes.json', znodes('0002')), prints, "the restore's own audit entries are not a difference");
  // The restore's checklist may add users, topics and ACLs; it must not lose or change one.
  const more = JSON.stringify([
    { path: '/kafka-acl', data: '' },
    { path: '/kafka-acl/Topic', data: 'e30=' },
    { path: '/kafka-acl/Group', data: 'e30=' },
  ]);
  const grown = compareFingerprints(prints, fingerprintPart('zookeeper/znodes.json', more), []).find((row) => row.unit === 'zookeeper /kafka-acl')!;
  assert.deepEqual([grown.same, grown.added], [true, 1]);
  const changed = more.replace('"e30="', '"e319"');
  assert.equal(
    compareFingerprints(prints, fingerprintPart('zookeeper/znodes.json', changed), []).find((row) => row.unit === 'zookeeper /kafka-acl')!.same,
    false,
  );
  assert.equal(isFingerprinted('state/secrets.env'), false);
  assert.equal(isFingerprinted('couchdb/databases/telemetry.ndjson'), true);
});

test("compared: a restored unit must have the archive's count and digest; a unit only live (written since) is no difference", () => {
  const a = { unit: 'couchdb telemetry', count: 2, sha256: 'aa' };
  const t = { unit: 'cassandra telemetry.events', count: 1, sha256: 'bb' };
  const rows = compareFingerprints(
    [a, t],
    [a, { ...t, count: 0, sha256: 'cc' }],
    [
      { ...a, count: 5 },
      { unit: 'couchdb new', count: 1, sha256: 'dd' },
    ],
  );
  assert.deepEqual(
    rows.map((row) => [row.unit, row.same, row.live?.count ?? null]),
    [
      ['cassandra telemetry.events', false, null],
      ['couchdb new', true, 1],
      ['couchdb telemetry', true, 5],
    ],
  );
  assert.equal(compareFingerprints([a], [], [])[0]!.same, false, 'a unit the restore lacks');
  assert.equal(compareFingerprints([], [a], [])[0]!.same, false, 'a unit the archive lacks');
});
