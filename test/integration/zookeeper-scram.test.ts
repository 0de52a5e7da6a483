import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addLiteralAcls } from '../../src/kafka/acl-znode.js';
import { writeScramCredentials } from '../../src/kafka/scram-users.js';
import { createAuditLedger } from '../../src/audit/audit-ledger.js';
import { auditLog } from '../../src/commands/audit-log.js';
import type { CommandContext } from '../../src/commands/context.js';
import { kafkaScram } from '../../src/commands/kafka-scram.js';
import { loadConfig } from '../../src/config/load.js';
import { InterruptedError, OperationError, UsageError } from '../../src/shared/errors.js';
import { connectZooKeeper } from '../../src/zookeeper/zk-client.js';
import { rocketctl } from '../support/cli.js';
import { connectRaw, type RawZk } from '../support/raw-zookeeper.js';
import { readSecretsEnv, recomputeScramSha512, secretMaterial } from '../support/scram-check.js';
import { createTempProject, fileMode } from '../support/temp-project.js';
import { freePort } from '../support/free-port.js';
import { startZooKeeperLab, zkMode, type ZkLab } from '../support/zookeeper-containers.js';

const GUARD_PASSWORD = 'guard-producer-pw-0123456789';

async function projectFor(ports: number[]) {
  // Peers not given are not published (the defaults would publish 2182/2183).
  const zk = [0, 1, 2].map((i) => `'zookeeper-${i + 1}': { ports: { client: ${ports[i] ?? null} } }`).join(', ');
  const project = await createTempProject(`{ services: { ${zk}, kafka: { ports: { tls: 19093 } } } }`);
  const log: string[] = [];
  const context: CommandContext = {
    config: await loadConfig({ cwd: project.dir, env: {} }),
    env: { SERVICE_PASSWORD: GUARD_PASSWORD },
    signal: new AbortController().signal,
    log: { info: (m) => log.push(m), warn: (m) => log.push(m), debug: () => undefined },
  };
  return { ...project, context, log };
}

const json = (node: { data: string } | null) => JSON.parse(node!.data) as Record<string, unknown>;
const userConfig = async (raw: RawZk, name: string) => (json(await raw.get(`/config/users/${name}`)) as { config: Record<string, string> }).config;

describe('kafka scram against a real ZooKeeper', () => {
  let lab: ZkLab;
  let raw: RawZk;
  let project: Awaited<ReturnType<typeof projectFor>>;
  const passwords = new Map<string, string>();
  const credentialsSeen: Array<{ password: string; credential: string }> = [];
  const adminPassword = async () => (await readSecretsEnv(path.join(project.dir, '.rocketctl/secrets.env'))).get('KAFKA_ADMIN_PASSWORD')!;
  const remember = async (user: string, password: string) => credentialsSeen.push({ password, credential: (await userConfig(raw, user))['SCRAM-SHA-512']! });

  before(async () => {
    lab = await startZooKeeperLab(1);
    raw = await connectRaw(`127.0.0.1:${lab.nodes[0]!.port}`);
    project = await projectFor([lab.nodes[0]!.port]);
  });
  after(async () => {
    raw?.close();
    await lab?.remove();
    await project?.cleanup();
  });

  test('writes SCRAM-SHA-512 for admin and guard-producer exactly as Kafka stores it; PBKDF2 recomputed independently', async () => {
    const result = await kafkaScram(project.context);
    assert.deepEqual(
      result.users.map((u) => [u.user, u.changed, u.path]),
      [
        ['admin', true, '/config/users/admin'],
        ['guard-producer', true, '/config/users/guard-producer'],
        ['guard-consumer', true, '/config/users/guard-consumer'],
      ],
    );
    passwords.set('admin', await adminPassword()).set('guard-producer', GUARD_PASSWORD);
    for (const [user, password] of passwords) {
      const node = json(await raw.get(`/config/users/${user}`));
      assert.equal(node.version, 1);
      const config = node.config as Record<string, string>;
      assert.deepEqual(Object.keys(config), ['SCRAM-SHA-512']);
      assert.match(config['SCRAM-SHA-512']!, /^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/=]+,server_key=[A-Za-z0-9+/=]+,iterations=4096$/);
      const { fields, expected } = recomputeScramSha512(config['SCRAM-SHA-512']!, password);
      assert.equal(fields.stored_key, expected.stored_key);
      assert.equal(fields.server_key, expected.server_key);
      await remember(user, password);
    }
  });

  test('a change notification per user: version 2, entity_path users/<name>', async () => {
    const changes = (await raw.children('/config/changes')).sort();
    assert.equal(changes.length, 3);
    for (const name of changes) assert.match(name, /^config_change_\d{10}$/);
    const data = await Promise.all(changes.map(async (name) => json(await raw.get(`/config/changes/${name}`))));
    assert.deepEqual(data, [
      { version: 2, entity_path: 'users/admin' },
      { version: 2, entity_path: 'users/guard-producer' },
      { version: 2, entity_path: 'users/guard-consumer' },
    ]);
  });

  test('client env files are 0600 with user, password, bootstrap and CA path', async () => {
    const file = path.join(project.dir, '.rocketctl/kafka-guard-producer.env');
    assert.equal(await fileMode(file), 0o600);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^KAFKA_USERNAME=guard-producer$/m);
    assert.ok(text.includes(`\nKAFKA_PASSWORD=${GUARD_PASSWORD}\n`));
    assert.match(text, /^KAFKA_BOOTSTRAP=127\.0\.0\.1:19093$/m);
    assert.ok(text.includes(`\nKAFKA_CA=${path.join(project.dir, 'certs/kafka/ca.crt')}\n`));
  });

  test('a re-run writes nothing: same znode versions, no notification, no audit entry', async () => {
    const versions = async () => Promise.all(['admin', 'guard-producer', 'guard-consumer'].map(async (u) => (await raw.get(`/config/users/${u}`))!.version));
    const before = { versions: await versions(), changes: await raw.children('/config/changes'), audit: await raw.children('/rocketctl/audit') };
    const result = await kafkaScram(project.context);
    assert.deepEqual(
      result.users.map((u) => u.changed),
      [false, false, false],
    );
    assert.deepEqual({ versions: await versions(), changes: await raw.children('/config/changes'), audit: await raw.children('/rocketctl/audit') }, before);
  });

  test('a user with a SCRAM-SHA-256 entry and a quota keeps both; the znode name is Kafka-sanitized', async () => {
    const sha256 = 'salt=c2FsdA==,stored_key=c3RvcmVk,server_key=c2VydmVy,iterations=4096';
    await raw.put('/config/users/alice%40example.com', JSON.stringify({ version: 1, config: { 'SCRAM-SHA-256': sha256, producer_byte_rate: '1048576' } }));
    const zk = await connectZooKeeper({ connectString: `127.0.0.1:${lab.nodes[0]!.port}` });
    try {
      await writeScramCredentials({
        zk,
        users: [{ name: 'alice@example.com', password: 'alice-password-123' }],
        iterations: 8192,
        audit: createAuditLedger(zk),
      });
    } finally {
      await zk.close();
    }
    const config = await userConfig(raw, 'alice%40example.com');
    assert.equal(config['SCRAM-SHA-256'], sha256);
    assert.equal(config.producer_byte_rate, '1048576');
    assert.match(config['SCRAM-SHA-512']!, /,iterations=8192$/);
    await remember('alice%40example.com', 'alice-password-123');
    const changes = await Promise.all((await raw.children('/config/changes')).map(async (n) => json(await raw.get(`/config/changes/${n}`))));
    assert.ok(changes.some((c) => c.entity_path === 'users/alice%40example.com'));
  });

  test('--rotate: refused for a password set in the environment (exit 2), new password otherwise', async () => {
    await assert.rejects(kafkaScram(project.context, { rotate: true }), (e: UsageError) => e.exitCode === 2 && /SERVICE_PASSWORD/.test(e.message));
    const before = await userConfig(raw, 'admin');
    const result = await kafkaScram(project.context, { user: 'admin', rotate: true });
    assert.equal(result.users[0]!.changed, true);
    const newPassword = await adminPassword();
    assert.notEqual(newPassword, passwords.get('admin'));
    const after = await userConfig(raw, 'admin');
    assert.notEqual(after['SCRAM-SHA-512'], before['SCRAM-SHA-512']);
    const fresh = recomputeScramSha512(after['SCRAM-SHA-512']!, newPassword);
    assert.equal(fresh.fields.stored_key, fresh.expected.stored_key);
    const stale = recomputeScramSha512(after['SCRAM-SHA-512']!, passwords.get('admin')!);
    assert.notEqual(stale.fields.stored_key, stale.expected.stored_key);
    assert.ok((await readFile(path.join(project.dir, '.rocketctl/kafka-admin.env'), 'utf8')).includes(`KAFKA_PASSWORD=${newPassword}\n`));
    await remember('admin', newPassword);
  });

  test('every change has an audit entry with actor, mechanism, iterations, digest and no secret material', async () => {
    const records = await auditLog(project.context);
    const entries = records.flatMap((e) => (e.malformed === undefined ? [e] : []));
    assert.equal(entries.length, records.length, 'no malformed entry');
    assert.deepEqual(
      entries.map((e) => [e.action, e.entity, e.iterations]),
      [
        ['scram-credential-set', 'users/admin', 4096],
        ['scram-credential-set', 'users/guard-producer', 4096],
        ['scram-credential-set', 'users/guard-consumer', 4096],
        ['scram-credential-set', 'users/alice%40example.com', 8192],
        ['scram-credential-rotate', 'users/admin', 4096],
      ],
    );
    for (const entry of entries) {
      assert.equal(entry.mechanism, 'SCRAM-SHA-512');
      assert.ok(entry.actor.user && entry.actor.host && !Number.isNaN(Date.parse(entry.time)));
      assert.match(entry.digest, /^sha256:[0-9a-f]{64}$/);
    }
    const stored = (await Promise.all((await raw.children('/rocketctl/audit')).map((n) => raw.get(`/rocketctl/audit/${n}`)))).map((n) => n!.data).join('\n');
    for (const { password, credential } of credentialsSeen) {
      for (const secret of secretMaterial(password, credential))
        assert.equal(stored.includes(secret), false, `audit ledger contains secret material (${secret.slice(0, 4)}…)`);
    }
  });

  test('an entry written there by hand is listed as malformed, and the rest of the ledger still shows', async () => {
    await raw.put('/rocketctl/audit/entry-9999999999', 'written by hand');
    try {
      const records = await auditLog(project.context);
      assert.deepEqual(records.at(-1), { id: 'entry-9999999999', malformed: 'not JSON (15 bytes)' });
      assert.ok(records.slice(0, -1).every((e) => e.malformed === undefined && e.action.startsWith('scram-credential')));
    } finally {
      await raw.remove('/rocketctl/audit/entry-9999999999');
    }
  });

  test('when the ledger cannot be written, the credential is not written either', async () => {
    await raw.readOnly('/rocketctl/audit', true);
    try {
      const zk = await connectZooKeeper({ connectString: `127.0.0.1:${lab.nodes[0]!.port}` });
      try {
        const write = writeScramCredentials({ zk, users: [{ name: 'bob', password: 'bob-password-1234' }], iterations: 4096, audit: createAuditLedger(zk) });
        await assert.rejects(write, (e: OperationError) => e.exitCode === 1 && /audit entry/.test(e.message) && /not made/.test(e.message));
      } finally {
        await zk.close();
      }
      assert.equal(await raw.get('/config/users/bob'), null);
    } finally {
      await raw.readOnly('/rocketctl/audit', false);
    }
  });

  test('literal ACLs: version-checked, Topic:<name> notification, idempotent', async () => {
    const zk = await connectZooKeeper({ connectString: `127.0.0.1:${lab.nodes[0]!.port}` });
    try {
      const audit = createAuditLedger(zk);
      const write = { principal: 'User:guard-producer', permissionType: 'Allow', operation: 'Write', host: '*' } as const;
      const describe = { ...write, operation: 'Describe' } as const;
      const first = await addLiteralAcls(zk, { type: 'Topic', name: 'security-guard-feed' }, [write], audit);
      assert.match(first.notification ?? '', /^\/kafka-acl-changes\/acl_changes_\d{10}$/);
      assert.equal((await raw.get(first.notification!))!.data, 'Topic:security-guard-feed');
      const second = await addLiteralAcls(zk, { type: 'Topic', name: 'security-guard-feed' }, [write, describe], audit);
      assert.deepEqual(second.added, [describe]);
      assert.deepEqual(json(await raw.get('/kafka-acl/Topic/security-guard-feed')), { version: 1, acls: [write, describe] });
      const counts = async () => [(await raw.children('/kafka-acl-changes')).length, (await raw.children('/rocketctl/audit')).length];
      const before = await counts();
      assert.deepEqual(await addLiteralAcls(zk, { type: 'Topic', name: 'security-guard-feed' }, [describe, write], audit), { added: [] });
      assert.deepEqual(await counts(), before);
    } finally {
      await zk.close();
    }
  });

  test('spawned CLI: `kafka scram --json` (idempotent), `audit log --json`, unknown user exits 2', async () => {
    const help = await rocketctl(['kafka', '--help'], { cwd: project.dir });
    assert.equal(
      help.exitCode,
      0,
      'the kafka and audit commands are not wired into src/cli/main.ts yet: call registerKafkaCommands and registerAuditCommands there',
    );
    const env = { SERVICE_PASSWORD: GUARD_PASSWORD };
    const scram = await rocketctl(['--json', 'kafka', 'scram'], { cwd: project.dir, env });
    assert.equal(scram.exitCode, 0, scram.stderr);
    assert.deepEqual(
      (JSON.parse(scram.stdout) as { users: Array<{ changed: boolean }> }).users.map((u) => u.changed),
      [false, false, false],
    );
    const log = await rocketctl(['audit', 'log', '--json'], { cwd: project.dir });
    assert.equal(log.exitCode, 0, log.stderr);
    assert.equal((JSON.parse(log.stdout) as { entries: unknown[] }).entries.length, (await raw.children('/rocketctl/audit')).length);
    const unknown = await rocketctl(['kafka', 'scram', '--user', 'mallory'], { cwd: project.dir, env });
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /unknown Kafka user "mallory"[\s\S]*admin, guard-producer/);
  });
});

// Nothing listens on a port just freed: ZooKeeper "unreachable".
const closedPort = freePort;

describe('ZooKeeper unreachable', () => {
  test('Ctrl-C while connecting ends the wait at once (exit 130)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await assert.rejects(
      connectZooKeeper({ connectString: `127.0.0.1:${await closedPort()}`, signal: controller.signal }),
      (e: InterruptedError) => e.exitCode === 130,
    );
    assert.ok(Date.now() - started < 2000);
  });

  test('exit 1 with the fix, and nothing written', async () => {
    const port = await closedPort();
    const project = await projectFor([port]);
    try {
      await assert.rejects(
        kafkaScram(project.context),
        (e: OperationError) =>
          e.exitCode === 1 && e.message === `ZooKeeper at 127.0.0.1:${port} did not answer within 10 s` && /rocketctl up/.test(e.hint ?? ''),
      );
      assert.equal(existsSync(path.join(project.dir, '.rocketctl/kafka-admin.env')), false);
      assert.equal(existsSync(path.join(project.dir, '.rocketctl/kafka-guard-producer.env')), false);
      const cli = await rocketctl(['kafka', 'scram'], { cwd: project.dir });
      assert.equal(cli.exitCode, 1, cli.stderr);
      assert.match(cli.stderr, /did not answer within 10 s[\s\S]*fix:.*rocketctl up/);
    } finally {
      await project.cleanup();
    }
  });
});

describe('3-node ensemble with its leader stopped', () => {
  let lab: ZkLab;
  before(async () => {
    lab = await startZooKeeperLab(3);
  });
  after(() => lab?.remove());

  test('kafka scram and audit log still succeed; the survivors hold the credential', async () => {
    const modes = await Promise.all(lab.nodes.map((n) => zkMode(n.port)));
    assert.deepEqual([...modes].sort(), ['follower', 'follower', 'leader']);
    const leader = lab.nodes[modes.indexOf('leader')]!;
    await lab.docker('stop', '--time', '2', leader.name);
    const project = await projectFor(lab.nodes.map((n) => n.port));
    try {
      const result = await kafkaScram(project.context);
      assert.deepEqual(
        result.users.map((u) => u.changed),
        [true, true, true],
      );
      assert.equal((await auditLog(project.context)).length, 3);
      const survivor = lab.nodes.find((n) => n !== leader)!;
      const raw = await connectRaw(`127.0.0.1:${survivor.port}`);
      try {
        const { fields, expected } = recomputeScramSha512((await userConfig(raw, 'guard-producer'))['SCRAM-SHA-512']!, GUARD_PASSWORD);
        assert.equal(fields.server_key, expected.server_key);
      } finally {
        raw.close();
      }
    } finally {
      await project.cleanup();
    }
  });
});
