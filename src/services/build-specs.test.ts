import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { kafkaBootstrap } from '../kafka/client-env-file.js';
import { zookeeperConnectString } from '../zookeeper/connect-string.js';
import type { SecretName } from '../secrets/catalog.js';
import { pbkdf2Sync } from 'node:crypto';
import { buildSpecs } from './build-specs.js';
import { couchdbAdminHash } from './couchdb/admin-hash.js';
import type { ServiceSpec } from './spec.js';

let dir: string;
let specs: Map<string, ServiceSpec>;
const rendered = new Map<string, string>();
const secret = (name: SecretName) => (name === 'COUCHDB_SERVER_UUID' ? '0123456789abcdef0123456789abcdef' : `secret-${name.toLowerCase()}`);
const file = (service: string, name: string) => specs.get(service)!.files.find((f) => f.path.endsWith(`/${name}`))!;
const text = (service: string, name: string) => rendered.get(`${service}/${name}`)!;

before(async () => {
  // An empty project: building specs reads no file (certificates are read when a container is created).
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-specs-'));
  const config = await loadConfig({ cwd: dir, env: {} });
  specs = new Map(buildSpecs({ config, secrets: { get: secret, source: () => 'test' }, caPem: 'CA' }).map((s) => [s.name, s]));
  for (const spec of specs.values()) {
    for (const f of spec.files.filter((f) => !f.source.startsWith('certs/'))) rendered.set(`${spec.name}/${path.basename(f.path)}`, String(await f.read()));
  }
});
after(() => rm(dir, { recursive: true, force: true }));

test('Kafka: SASL_SSL only, TLS 1.3 only, SCRAM-SHA-512 between brokers too, ACLs deny by default', () => {
  const properties = text('kafka', 'server.properties');
  for (const line of [
    'listener.security.protocol.map=INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL',
    'ssl.enabled.protocols=TLSv1.3',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    'authorizer.class.name=kafka.security.authorizer.AclAuthorizer',
    'super.users=User:admin',
    'allow.everyone.if.no.acl.found=false',
    'advertised.listeners=INTERNAL://kafka:9094,EXTERNAL://127.0.0.1:9093',
    'zookeeper.connect=zookeeper-1:2181,zookeeper-2:2181,zookeeper-3:2181',
  ]) {
    assert.ok(properties.split('\n').includes(line), line);
  }
  assert.doesNotMatch(properties, /PLAINTEXT|changeit/);
  assert.match(properties, new RegExp(`password="${secret('KAFKA_ADMIN_PASSWORD')}"`));
  assert.equal(file('kafka', 'server.properties').mode, 0o600, 'it holds secrets');
  assert.deepEqual(specs.get('kafka')!.dependsOn, ['zookeeper-1', 'zookeeper-2', 'zookeeper-3']);
});

test('Postgres: TLS 1.3 with the generated cert, scram-sha-256, and pg_hba without any plaintext `host` line', () => {
  const conf = text('postgres', 'postgresql.conf');
  for (const line of [
    'ssl = on',
    "ssl_min_protocol_version = 'TLSv1.3'",
    'password_encryption = scram-sha-256',
    "ssl_key_file = '/etc/postgresql/certs/server.key'",
  ])
    assert.ok(conf.includes(line), line);
  const hba = text('postgres', 'pg_hba.conf')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  // Exactly these rules: TLS + SCRAM for every network client, SCRAM on the socket, and no plaintext `host` line.
  assert.deepEqual(
    hba.map((l) => l.split(/\s+/).join(' ')),
    ['local all all scram-sha-256', 'hostssl all all 0.0.0.0/0 scram-sha-256', 'hostssl all all ::/0 scram-sha-256'],
  );
  assert.equal(file('postgres', 'server.key').mode, 0o600);
  // The superuser password reaches the container as a 0600 file, never in its environment (docker inspect shows env).
  assert.equal(specs.get('postgres')!.env.POSTGRES_PASSWORD, undefined);
  assert.equal(specs.get('postgres')!.env.POSTGRES_PASSWORD_FILE, '/etc/postgresql/rocketctl/superuser-password');
  assert.equal(text('postgres', 'superuser-password'), secret('POSTGRES_SUPERUSER_PASSWORD'));
  assert.equal(file('postgres', 'superuser-password').mode, 0o600);
});

test('Cassandra: client encryption required, password auth and authorizer, stores from the secrets file, read-only yaml', () => {
  const yaml = text('cassandra', 'cassandra.yaml');
  for (const line of [
    'authenticator: PasswordAuthenticator',
    'authorizer: CassandraAuthorizer',
    '  enabled: true',
    '  optional: false',
    `  keystore_password: ${secret('CASSANDRA_KEYSTORE_PASSWORD')}`,
  ])
    assert.ok(yaml.split('\n').includes(line), line);
  assert.equal(file('cassandra', 'cassandra.yaml').mode, 0o400);
});

test('CouchDB: HTTPS only for TLS 1.3, a valid user required, the admin hashed, the identity and cookie secret pinned', () => {
  const ini = text('couchdb', '10-rocketctl.ini');
  for (const line of [
    'require_valid_user = true',
    'enable = true',
    "tls_versions = ['tlsv1.3']",
    'key_file = /opt/couchdb/certs/privkey.pem',
    `uuid = ${secret('COUCHDB_SERVER_UUID')}`,
    `secret = ${secret('COUCHDB_AUTH_SECRET')}`,
  ])
    assert.ok(ini.split('\n').includes(line), line);
  // CouchDB 3.4's own form; checked by deriving the key again from the password, as CouchDB does at login.
  const [, derived, salt, iterations] = /^admin = -pbkdf2:sha256-([0-9a-f]{64}),([0-9a-f]{32}),(\d+)$/m.exec(ini)!;
  assert.equal(pbkdf2Sync(secret('COUCHDB_ADMIN_PASSWORD'), salt!, Number(iterations), 32, 'sha256').toString('hex'), derived);
  assert.equal(Number(iterations), 600_000);
  for (const f of specs.get('couchdb')!.files.filter((f) => !f.source.startsWith('certs/')))
    assert.ok(!rendered.get(`couchdb/${path.basename(f.path)}`)!.includes(secret('COUCHDB_ADMIN_PASSWORD')), `${f.path} holds the plaintext admin password`);
  // CouchDB writes runtime changes into the last ini file of local.d; the official image's is docker.ini.
  assert.ok([path.basename(file('couchdb', '10-rocketctl.ini').path), 'docker.ini'].sort()[1] === 'docker.ini');
  // The official entrypoint makes every file under /opt/couchdb/etc 0644: the key must live elsewhere.
  assert.ok(!file('couchdb', 'privkey.pem').path.startsWith('/opt/couchdb/etc/'));
  // The same secrets render the same file, so `up` keeps an unchanged CouchDB.
  assert.equal(couchdbAdminHash('p4ssw0rd-p4ssw0rd', 'a'.repeat(32)), couchdbAdminHash('p4ssw0rd-p4ssw0rd', 'a'.repeat(32)));
  assert.notEqual(couchdbAdminHash('p4ssw0rd-p4ssw0rd', 'a'.repeat(32)), couchdbAdminHash('p4ssw0rd-p4ssw0rd', 'b'.repeat(32)));
});

test('ZooKeeper: the ensemble, the 4lw whitelist, no admin server, and a wait until every peer name resolves', () => {
  const cfg = text('zookeeper-2', 'zoo.cfg');
  for (const line of [
    'server.1=zookeeper-1:2888:3888;2181',
    'server.3=zookeeper-3:2888:3888;2181',
    '4lw.commands.whitelist=srvr,mntr,ruok',
    'admin.enableServer=false',
    'standaloneEnabled=false',
  ])
    assert.ok(cfg.split('\n').includes(line), line);
  assert.equal(specs.get('zookeeper-2')!.env.ZOO_MY_ID, '2');
  assert.deepEqual(specs.get('zookeeper-2')!.waitForHosts, ['zookeeper-1', 'zookeeper-2', 'zookeeper-3']);
});

test("Cockroach: secure mode with its certs-dir, keys 0600, root's client certificate for probing", () => {
  const cockroach = specs.get('cockroach')!;
  assert.ok(cockroach.command!.includes('--certs-dir=/cockroach/certs'));
  assert.ok(!cockroach.command!.some((arg) => arg.includes('insecure')));
  assert.equal(cockroach.files.find((f) => f.path.endsWith('/node.key'))!.mode, 0o600);
  assert.equal(cockroach.files.find((f) => f.path.endsWith('/node.crt'))!.mode, 0o644);
});

test('no secret is in any container environment, command or entrypoint', () => {
  for (const spec of specs.values()) {
    const visible = JSON.stringify([spec.env, spec.command ?? [], spec.entrypoint ?? []]);
    assert.doesNotMatch(visible, /secret-/, spec.name);
  }
});

test('a certificate is read only when the container is created: a missing one fails there, naming the file', async () => {
  await assert.rejects(file('kafka', 'kafka.keystore.jks').read(), { code: 'ENOENT' });
  assert.equal(file('kafka', 'kafka.keystore.jks').source, 'certs/kafka/kafka.keystore.jks');
});

test('an IPv6 bindAddress is bracketed wherever it is used as host:port', async () => {
  const v6dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-specs-v6-'));
  try {
    await writeFile(
      path.join(v6dir, 'rocketctl.config.ts'),
      `import { defineConfig } from 'rocketctl';\nexport default defineConfig({ bindAddress: '::1' });\n`,
    );
    const config = await loadConfig({ cwd: v6dir, env: {} });
    const kafka = buildSpecs({ config, secrets: { get: secret, source: () => 'test' }, caPem: 'CA' }).find((s) => s.name === 'kafka')!;
    const properties = String(await kafka.files.find((f) => f.path.endsWith('/server.properties'))!.read());
    assert.ok(properties.includes('advertised.listeners=INTERNAL://kafka:9094,EXTERNAL://[::1]:9093'));
    assert.equal(zookeeperConnectString(config), '[::1]:2181,[::1]:2182,[::1]:2183');
    assert.equal(kafkaBootstrap(config), '[::1]:9093');
  } finally {
    await rm(v6dir, { recursive: true, force: true });
  }
});
