import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { access, copyFile, open, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { openPart } from '../../src/backup/open-part.js';
import { keyId, seal } from '../../src/workers/observer/envelope.js';
import type { BackupKey } from '../../src/backup/backup-key.js';
import { projectCli, startRocketctl } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { changedFiles, hashTree } from '../support/temp-project.js';
import { couchRequest, sqlOnce, storeEndpoints, type StoreEndpoint } from '../support/store-clients.js';

const PROJECT = 'rocketctl-e2e-backup';
const rawKey = randomBytes(32);
const KEY_ENV = { ROCKETCTL_BACKUP_KEY: rawKey.toString('base64') };
const key: BackupKey = { kind: 'raw', key: rawKey, origin: 'the test' };

async function partText(file: string, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openPart(file, key, name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('backup, backup verify and restore: one encrypted archive of the running stack, and the stack back from it', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  let couch: StoreEndpoint;
  let postgres: StoreEndpoint;
  // A marker in a CouchDB document, a Postgres row and the archive's file name: each must be in its part, and no
  // byte of the archive may show it (nor any secret).
  const marker = `backup-marker-${randomBytes(8).toString('hex')}`;
  const cli = projectCli(() => project.dir);
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  const archive = () => path.join(project.dir, 'stack.rocketctl-backup');
  const damagedCopy = () => path.join(project.dir, 'damaged.rocketctl-backup');

  before(async () => {
    project = await createLabProject(PROJECT, '{}', { portOffset: -2500 });
    const up = await cli('up');
    assert.equal(up.exitCode, 0, up.stderr);
    const seed = await cli('seed');
    assert.equal(seed.exitCode, 0, seed.stderr);
    const at = await storeEndpoints(cli, project.dir);
    couch = at('couchdb', 'https');
    postgres = at('postgres', 'sql');
    const auth = `observer_writer:${await secret('observer_writer_password')}`;
    for (let i = 0; i < 3; i++) {
      const put = await couchRequest(couch, 'PUT', `/telemetry/doc-${i}`, { auth, body: { type: 'telemetry', note: `${marker}-${i}` } });
      assert.equal(put.status, 201, JSON.stringify(put.json));
    }
    // A document sealed by the observer's key, as the observer writes them: after a restore it must still open.
    const observerKey = Buffer.from(await secret('OBSERVER_ENCRYPTION_KEY'), 'base64url');
    const sealed = seal('obs-before-backup', { frame: marker }, { id: keyId(observerKey), key: observerKey });
    const put = await couchRequest(couch, 'PUT', '/telemetry/obs-before-backup', { auth, body: { type: 'telemetry', ts: Date.now(), enc: sealed } });
    assert.equal(put.status, 201, JSON.stringify(put.json));
    await sqlOnce(
      postgres,
      'postgres',
      await secret('POSTGRES_SUPERUSER_PASSWORD'),
      'telemetry',
      `CREATE TABLE backup_probe (note text); INSERT INTO backup_probe VALUES ('${marker}')`,
    );
  });
  after(() => project?.cleanup());

  test('refused before anything is written: no key (exit 2, no file); then an archive that exists is never overwritten', async () => {
    const none = await cli('backup', '--out', archive());
    assert.equal(none.exitCode, 2, none.stderr);
    assert.match(none.stderr, /no backup key was given/);
    await assert.rejects(access(archive()));
  });

  test('every part is in the archive with its content; no secret and no document is readable in its bytes', async () => {
    const result = await cli(['--json', 'backup', '--out', archive()], { env: KEY_ENV, timeoutMs: 300_000 });
    assert.equal(result.exitCode, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { file: string; parts: { name: string; bytes: number }[] };
    const names = summary.parts.map((p) => p.name);
    for (const name of [
      'state/secrets.env',
      'certs/certs.tar',
      'zookeeper/znodes.json',
      'postgres/globals.sql',
      'postgres/databases/telemetry.sql',
      'couchdb/databases/telemetry.ndjson',
      'couchdb/users.ndjson',
    ])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.ok(names.includes('cassandra/rocketctl.schema_migrations.ndjson'), names.join(', '));
    assert.ok(
      names.some((n) => n.startsWith('cassandra/telemetry.')),
      names.join(', '),
    );
    assert.equal((await stat(archive())).mode & 0o777, 0o600);

    // Each part holds what the store holds.
    assert.equal(await partText(archive(), 'state/secrets.env'), await readFile(path.join(project.dir, '.rocketctl/secrets.env'), 'utf8'));
    const znodes = JSON.parse(await partText(archive(), 'zookeeper/znodes.json')) as { path: string; data: string }[];
    assert.ok(
      znodes.some((z) => z.path === '/config/users/admin' && Buffer.from(z.data, 'base64').toString().includes('SCRAM-SHA-512')),
      'the SCRAM credential znode',
    );
    // The ledger as `audit log` reads it, entry for entry.
    const audit = JSON.parse((await cli('--json', 'audit', 'log')).stdout) as { entries: unknown[] };
    assert.ok(audit.entries.length > 0, 'up wrote audit entries');
    assert.equal(znodes.filter((z) => z.path.startsWith('/rocketctl/audit/entry-')).length, audit.entries.length, 'the audit ledger');
    assert.match(await partText(archive(), 'postgres/globals.sql'), /CREATE ROLE replicator/);
    assert.match(await partText(archive(), 'postgres/databases/telemetry.sql'), new RegExp(marker));
    const docs = (await partText(archive(), 'couchdb/databases/telemetry.ndjson'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(docs[0]!.security, 'the first line holds _security');
    assert.deepEqual(
      docs.filter((d) => String(d.note ?? '').startsWith(marker)).map((d) => d._id),
      ['doc-0', 'doc-1', 'doc-2'],
    );
    assert.ok(
      docs.some((d) => String(d._id).startsWith('_design/')),
      'design documents',
    );
    const users = await partText(archive(), 'couchdb/users.ndjson');
    assert.match(users, /org\.couchdb\.user:replicator/);
    const ledger = await partText(archive(), 'cassandra/rocketctl.schema_migrations.ndjson');
    assert.ok(ledger.trim().split('\n').length >= 2, ledger);

    // The archive's bytes show none of it.
    const bytes = await readFile(archive());
    const secrets = (await readFile(path.join(project.dir, '.rocketctl/secrets.env'), 'utf8'))
      .split('\n')
      .map((line) => line.split('=').slice(1).join('='))
      .filter((value) => value.length >= 12);
    assert.ok(secrets.length >= 5, `${secrets.length} secret values`);
    for (const value of [...secrets, marker, 'BEGIN PRIVATE KEY', 'CREATE ROLE'])
      assert.equal(bytes.includes(Buffer.from(value)), false, `the archive shows ${value.slice(0, 6)}…`);
  });

  test('backup verify: exit 0 on the archive; a flipped byte is exit 1 naming the damaged part; a wrong key is refused', async () => {
    const good = await cli(['--json', 'backup', 'verify', archive()], { env: KEY_ENV });
    assert.equal(good.exitCode, 0, good.stderr);
    const report = JSON.parse(good.stdout) as { ok: boolean; parts: { name: string; ok: boolean }[] };
    assert.ok(report.ok && report.parts.length >= 8 && report.parts.every((p) => p.ok));

    // The same key from a 0600 file, given after `verify` (where an operator writes it).
    const keyFile = path.join(project.dir, 'backup.key');
    await writeFile(keyFile, `${rawKey.toString('base64')}\n`, { mode: 0o600 });
    const fromFile = await cli('backup', 'verify', archive(), '--key-file', keyFile);
    assert.equal(fromFile.exitCode, 0, fromFile.stderr);
    assert.match(fromFile.stdout, /^verified: /m);

    const wrong = await cli(['backup', 'verify', archive()], { env: { ROCKETCTL_BACKUP_KEY: randomBytes(32).toString('base64') } });
    assert.equal(wrong.exitCode, 2, wrong.stderr);

    // The flip is made on a copy: the archive itself is restored below.
    await copyFile(archive(), damagedCopy());
    const size = (await stat(damagedCopy())).size;
    const handle = await open(damagedCopy(), 'r+');
    try {
      const at = Math.floor(size / 2);
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, at);
      byte[0] = byte[0]! ^ 0x01;
      await handle.write(byte, 0, 1, at);
    } finally {
      await handle.close();
    }
    const damaged = await cli(['--json', 'backup', 'verify', damagedCopy()], { env: KEY_ENV });
    assert.equal(damaged.exitCode, 1, damaged.stderr);
    const after = JSON.parse(damaged.stdout) as { ok: boolean; parts: { name: string; ok: boolean; error?: string }[] };
    const bad = after.parts.filter((p) => !p.ok);
    assert.equal(bad.length, 1, JSON.stringify(after.parts));
    assert.match(bad[0]!.error ?? '', new RegExp(bad[0]!.name.replace(/[./]/g, '\\$&')));

    const again = await cli(['backup', '--out', archive()], { env: KEY_ENV });
    assert.equal(again.exitCode, 2, again.stderr);
    assert.match(again.stderr, /exists already/);
  });

  test('drill: the archive restored into a throwaway project on other ports, every unit the same as the archive, then removed; the live project untouched', async () => {
    const liveTree = await hashTree(project.dir);
    const drilled = await cli(['--json', 'drill', archive(), '--port-offset', '300'], { env: KEY_ENV, timeoutMs: 900_000 });
    assert.equal(drilled.exitCode, 0, `${drilled.stdout}\n${drilled.stderr}`);
    type Figure = { count: number; sha256: string } | null;
    const report = JSON.parse(drilled.stdout) as {
      ok: boolean;
      checklistOk: boolean;
      project: string;
      rows: { unit: string; archive: Figure; restored: Figure; live: Figure; same: boolean }[];
    };
    assert.ok(report.ok && report.checklistOk, drilled.stdout);
    const row = (unit: string) => report.rows.find((r) => r.unit === unit) ?? assert.fail(`no unit ${unit} in ${report.rows.map((r) => r.unit).join(', ')}`);
    // Each store is there, with what the archive holds, read back from the restored servers.
    const probe = row('postgres telemetry.public.backup_probe');
    assert.equal(probe.restored?.count, 1);
    assert.equal(probe.restored?.sha256, probe.archive?.sha256);
    assert.ok(row('couchdb telemetry').restored!.count >= 5, 'three documents, the sealed one and the design documents');
    for (const unit of ['postgres roles', 'couchdb _users', 'cassandra rocketctl.schema_migrations', 'zookeeper /config/users', 'zookeeper /kafka-acl'])
      assert.ok(row(unit).same && row(unit).restored!.count > 0, `${unit}: ${JSON.stringify(row(unit))}`);
    assert.ok(row('couchdb telemetry').live!.count >= row('couchdb telemetry').archive!.count, 'the live stack read beside it');
    // Gone afterwards, as docker and the file system tell (not the product).
    const left = await execa('docker', ['ps', '-aq', '--filter', `label=org.rocketctl.project=${report.project}`]);
    assert.equal(left.stdout.trim(), '', 'no container of the drill left');
    const volumes = await execa('docker', ['volume', 'ls', '-q', '--filter', `label=org.rocketctl.project=${report.project}`]);
    assert.equal(volumes.stdout.trim(), '', 'no volume of the drill left');
    await assert.rejects(access(path.join(os.tmpdir(), `rocketctl-drill-${PROJECT}`)));
    assert.deepEqual(changedFiles(liveTree, await hashTree(project.dir)), [], 'the live project unchanged');

    const busy = await cli(['drill', archive(), '--port-offset', '0'], { env: KEY_ENV });
    assert.equal(busy.exitCode, 2, busy.stderr);
  });

  test('drill: SIGTERM while the throwaway project runs ends it like Ctrl-C (exit 130) and leaves nothing of it behind', async () => {
    const drillProject = `${PROJECT}-drill`;
    const containers = async () => (await execa('docker', ['ps', '-aq', '--filter', `label=org.rocketctl.project=${drillProject}`])).stdout.trim();
    const running = startRocketctl(['drill', archive(), '--port-offset', '300'], { cwd: project.dir, env: KEY_ENV });
    await running.waitUntil(async () => ((await containers()) ? true : Promise.reject(new Error('no container yet'))), 'the drill has containers', 120_000);
    running.signal('SIGTERM');
    const exit = await running.exited;
    assert.equal(exit.code, 130, running.stderr);
    assert.match(running.stderr, /drill: removing the throwaway project/);
    assert.equal(await containers(), '', 'no container of the drill left');
    const volumes = await execa('docker', ['volume', 'ls', '-q', '--filter', `label=org.rocketctl.project=${drillProject}`]);
    assert.equal(volumes.stdout.trim(), '', 'no volume of the drill left');
    await assert.rejects(access(path.join(os.tmpdir(), `rocketctl-drill-${PROJECT}`)));
  });

  test('restore: refused onto a live project, and from a damaged archive even with --force, nothing changed; with --force the project is replaced by the archive and everything comes back', async () => {
    const secretsFile = path.join(project.dir, '.rocketctl/secrets.env');
    const secretsBefore = await readFile(secretsFile);
    const caBefore = await readFile(path.join(project.dir, 'certs/ca/ca.crt'));
    const auditBefore = (JSON.parse((await cli('--json', 'audit', 'log')).stdout) as { entries: unknown[] }).entries.length;
    const oldPassword = await secret('observer_writer_password');
    const replicatorPassword = await secret('replicator_password');

    const live = await cli(['restore', archive()], { env: KEY_ENV });
    assert.equal(live.exitCode, 2, live.stderr);
    assert.match(live.stderr, /is not empty: a secrets file .*certificates .*containers .*data volumes.*nothing was changed/s);
    assert.deepEqual(await readFile(secretsFile), secretsBefore);

    // --force with a damaged archive: refused at verification, the live project as it was.
    const liveTree = await hashTree(project.dir);
    const damaged = await cli(['restore', damagedCopy(), '--force'], { env: KEY_ENV });
    assert.equal(damaged.exitCode, 1, damaged.stderr);
    assert.match(damaged.stderr, /fails verification/);
    assert.deepEqual(changedFiles(liveTree, await hashTree(project.dir)), [], 'nothing changed by a damaged archive, --force or not');
    assert.equal((await execa('docker', ['ps', '-q', '--filter', `label=org.rocketctl.project=${PROJECT}`])).stdout.trim().split('\n').length >= 7, true);

    // A row written after the backup: --force replaces the data with the archive's, so it is gone afterwards.
    await sqlOnce(postgres, 'postgres', await secret('POSTGRES_SUPERUSER_PASSWORD'), 'telemetry', "INSERT INTO backup_probe VALUES ('after-backup')");
    const restored = await cli(['--json', 'restore', archive(), '--force'], { env: KEY_ENV, timeoutMs: 900_000 });
    assert.equal(restored.exitCode, 0, `${restored.stdout}\n${restored.stderr}`);
    const aside = (JSON.parse(restored.stdout) as { replaced: string }).replaced;
    assert.deepEqual(await readFile(path.join(aside, 'secrets.env')), secretsBefore, 'the replaced secrets moved aside, not deleted');
    assert.deepEqual(await readFile(path.join(aside, 'certs', 'ca', 'ca.crt')), caBefore, 'and the replaced certificates');
    assert.deepEqual(await readFile(secretsFile), secretsBefore, 'the same secrets');
    assert.deepEqual(await readFile(path.join(project.dir, 'certs/ca/ca.crt')), caBefore, 'the same CA');
    assert.equal((await stat(secretsFile)).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(project.dir, 'certs/ca/ca.key'))).mode & 0o777, 0o600);

    // Counted with independent clients, as an operator would: the old passwords still log in, the data is there.
    const at = await storeEndpoints(cli, project.dir);
    for (let i = 0; i < 3; i++) {
      const doc = await couchRequest(at('couchdb', 'https'), 'GET', `/telemetry/doc-${i}`, { auth: `replicator:${replicatorPassword}` });
      assert.equal(doc.status, 200, JSON.stringify(doc.json));
      assert.equal(doc.json.note, `${marker}-${i}`);
    }
    const write = await couchRequest(at('couchdb', 'https'), 'PUT', '/telemetry/after-restore', {
      auth: `observer_writer:${oldPassword}`,
      body: { type: 'telemetry' },
    });
    assert.equal(write.status, 201, 'observer_writer logs in with its old password');
    const rows = await sqlOnce(at('postgres', 'sql'), 'postgres', await secret('POSTGRES_SUPERUSER_PASSWORD'), 'telemetry', 'SELECT note FROM backup_probe');
    assert.deepEqual(
      rows.rows.map((r) => r.note as string),
      [marker],
      "the archive's rows, not the row written after it",
    );
    const audit = (JSON.parse((await cli('--json', 'audit', 'log')).stdout) as { entries: unknown[] }).entries.length;
    assert.ok(audit >= auditBefore, `${audit} audit entries after, ${auditBefore} before`);
    const decrypted = await cli('observer', 'decrypt', 'obs-before-backup', '--from', 'couchdb');
    assert.equal(decrypted.exitCode, 0, decrypted.stderr);
    assert.match(decrypted.stdout, new RegExp(marker), 'a document sealed before the backup opens after the restore');
    const green = await cli('checklist');
    assert.equal(green.exitCode, 0, green.stdout);
  });
});
