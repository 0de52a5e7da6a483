import { retry } from '../../src/shared/retry.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { Kafka, logLevel } from 'kafkajs';
import cassandra from 'cassandra-driver';
import { projectCli } from '../support/cli.js';
import { containerIds, createLabProject, zookeeperMode } from '../support/lab-project.js';
import { queryOnce } from '../support/store-clients.js';

const PROJECT = 'rocketctl-e2e-stack';
type Status = {
  ok: boolean;
  services: Array<{ name: string; state: string; ready: boolean; container: string | null; image: string | null; endpoints: Record<string, string> }>;
};

describe('up: the whole stack on the lab, ready and secure', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  let endpoints: Record<string, Record<string, string>>;
  let caPem: string;
  const cli = projectCli(() => project.dir);
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  const hostPort = (service: string, endpoint: string) => {
    const [host, port] = endpoints[service]![endpoint]!.split(':');
    return { host: host!, port: Number(port) };
  };

  before(async () => {
    project = await createLabProject(PROJECT);
    const result = await cli('--json', 'up');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).ok, true, 'stdout is one JSON document');
    const status = await cli('status', '--json');
    assert.equal(status.exitCode, 0, status.stdout);
    endpoints = Object.fromEntries((JSON.parse(status.stdout) as Status).services.map((s) => [s.name, s.endpoints]));
    caPem = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
  });
  after(() => project?.cleanup());

  test('status --json: every service running and ready, with host endpoints on 127.0.0.1', async () => {
    const status = JSON.parse((await cli('status', '--json')).stdout) as Status;
    assert.deepEqual(
      status.services.map((s) => s.name),
      ['zookeeper-1', 'zookeeper-2', 'zookeeper-3', 'kafka', 'cassandra', 'postgres', 'couchdb'],
    );
    for (const service of status.services) {
      assert.equal(service.state, 'running', service.name);
      assert.equal(service.ready, true, service.name);
      assert.match(service.container!, new RegExp(`^${PROJECT}-`));
      for (const address of Object.values(service.endpoints)) assert.match(address, /^127\.0\.0\.1:\d+$/);
    }
  });

  test('ZooKeeper: one leader and two followers (srvr, asked with the docker CLI)', async () => {
    const modes = await Promise.all([1, 2, 3].map((n) => zookeeperMode(`${PROJECT}-zookeeper-${n}`)));
    assert.deepEqual([...modes].sort(), ['follower', 'follower', 'leader']);
  });

  test('Kafka: openssl verifies TLS 1.3 against the CA; TLS 1.2 is refused', async () => {
    const { host, port } = hostPort('kafka', 'tls');
    const caFile = path.join(project.dir, 'certs/ca/ca.crt');
    const tls13 = await execa(
      'openssl',
      ['s_client', '-connect', `${host}:${port}`, '-tls1_3', '-CAfile', caFile, '-verify_hostname', 'localhost', '-verify_return_error'],
      { input: '', reject: false },
    );
    assert.equal(tls13.exitCode, 0, tls13.stderr);
    assert.match(tls13.stdout, /New, TLSv1\.3, Cipher is TLS_/);
    assert.match(tls13.stdout, /Verify return code: 0 \(ok\)/);
    const tls12 = await execa('openssl', ['s_client', '-connect', `${host}:${port}`, '-tls1_2', '-CAfile', caFile], { input: '', reject: false });
    assert.notEqual(tls12.exitCode, 0);
    assert.match(tls12.stdout, /New, \(NONE\), Cipher is \(NONE\)/, 'no TLS 1.2 session was negotiated');
  });

  test('Kafka: kafkajs logs in over SASL_SSL as admin with the generated secret; a wrong password fails', async () => {
    const { host, port } = hostPort('kafka', 'tls');
    const client = (password: string) =>
      new Kafka({
        brokers: [`${host}:${port}`],
        ssl: { ca: [caPem] },
        sasl: { mechanism: 'scram-sha-512', username: 'admin', password },
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
    const admin = client(await secret('KAFKA_ADMIN_PASSWORD'));
    await admin.connect();
    const cluster = await admin.describeCluster();
    assert.deepEqual([cluster.brokers.length, cluster.controller !== null && cluster.controller >= 0], [1, true], 'an authenticated metadata request answered');
    await admin.disconnect();
    const intruder = client('not-the-password-at-all');
    await assert.rejects(intruder.connect(), /SASL|auth/i);
  });

  test('Postgres: TLS + SCRAM accepted; plaintext and a wrong password refused', async () => {
    const { host, port } = hostPort('postgres', 'sql');
    const base = { host, port, user: 'postgres', database: 'postgres', ssl: { ca: caPem, servername: 'postgres', rejectUnauthorized: true } };
    const password = await secret('POSTGRES_SUPERUSER_PASSWORD');
    const row = (await queryOnce({ ...base, password }, 'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0];
    assert.deepEqual(row, { ssl: true, version: 'TLSv1.3' });
    await assert.rejects(queryOnce({ ...base, password, ssl: false }, 'SELECT 1'), /no pg_hba\.conf entry|SSL off/);
    await assert.rejects(queryOnce({ ...base, password: 'wrong-password-123' }, 'SELECT 1'), /password authentication failed/);
  });

  test('Cassandra: TLS + password accepted; plaintext refused', async () => {
    const { host, port } = hostPort('cassandra', 'cql');
    // Before `seed`, the only login is Cassandra's own bootstrap superuser (replaced by seed; issue 5).
    const connect = (sslOptions?: object) => {
      const client = new cassandra.Client({
        contactPoints: [`${host}:${port}`],
        localDataCenter: 'datacenter1',
        credentials: { username: 'cassandra', password: 'cassandra' },
        ...(sslOptions ? { sslOptions } : {}),
        socketOptions: { connectTimeout: 5000 },
      });
      return client;
    };
    const secure = connect({ ca: [caPem], rejectUnauthorized: true, servername: 'cassandra', checkServerIdentity: () => undefined });
    // The bootstrap role appears ~10 s after start.
    const version = await retry(
      async () => {
        await secure.connect();
        return (await secure.execute('SELECT release_version FROM system.local')).first()?.release_version as string;
      },
      { timeoutMs: 60_000, intervalMs: 2_000 },
    ).finally(() => secure.shutdown());
    assert.match(version ?? '', /^5\.0\./);
    const plain = connect();
    await assert.rejects(plain.connect());
    await plain.shutdown();
  });

  test('CouchDB peer: 401 without credentials over HTTPS, 200 as admin', async () => {
    const { port } = hostPort('couchdb', 'https');
    const get = async (auth?: string) => {
      const { default: https } = await import('node:https');
      return new Promise<number>((resolve, reject) => {
        https
          .get(
            {
              host: '127.0.0.1',
              port,
              path: '/',
              ca: caPem,
              servername: 'couchdb',
              agent: false,
              headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
            },
            (res) => (res.resume(), resolve(res.statusCode!)),
          )
          .on('error', reject);
      });
    };
    assert.equal(await get(), 401);
    assert.equal(await get(`admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`), 200);
  });

  test('one ZooKeeper stopped: status reports it, the other two keep quorum, up brings it back', async () => {
    const before = await containerIds(PROJECT);
    await execa('docker', ['stop', `${PROJECT}-zookeeper-2`]);
    const status = await cli('status', '--json');
    assert.equal(status.exitCode, 1);
    const zk2 = (JSON.parse(status.stdout) as Status).services.find((s) => s.name === 'zookeeper-2')!;
    assert.deepEqual([zk2.state, zk2.ready], ['stopped', false]);
    const survivors = await Promise.all([1, 3].map((n) => zookeeperMode(`${PROJECT}-zookeeper-${n}`)));
    assert.deepEqual([...survivors].sort(), ['follower', 'leader']);
    const again = await cli('up');
    assert.equal(again.exitCode, 0, again.stderr);
    assert.deepEqual(await containerIds(PROJECT), before, 'up restarted the stopped container instead of replacing any');
    assert.equal((await cli('status')).exitCode, 0);
  });

  test('the leader stopped: the survivors elect a new one (ZOOKEEPER-4728 guard)', async () => {
    const modes = await Promise.all([1, 2, 3].map((n) => zookeeperMode(`${PROJECT}-zookeeper-${n}`)));
    const leader = `${PROJECT}-zookeeper-${modes.indexOf('leader') + 1}`;
    await execa('docker', ['stop', leader]);
    const survivors = await retry(
      async () => {
        const modes = await Promise.all(
          [1, 2, 3]
            .map((n) => `${PROJECT}-zookeeper-${n}`)
            .filter((c) => c !== leader)
            .map(zookeeperMode),
        );
        if ([...modes].sort().join() !== 'follower,leader') throw new Error(`survivors: ${modes.join(', ')}`);
        return modes;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    assert.deepEqual([...survivors].sort(), ['follower', 'leader']);
    assert.equal((await cli('up')).exitCode, 0);
  });

  test('no secret is visible in `docker inspect` of any container (env, command, labels)', async () => {
    const values = (await readFile(path.join(project.dir, '.rocketctl/secrets.env'), 'utf8'))
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.slice(l.indexOf('=') + 1));
    const ids = Object.values(await containerIds(PROJECT));
    assert.equal(ids.length, 7);
    const inspect = (await execa('docker', ['inspect', ...ids])).stdout;
    for (const value of values) assert.ok(!inspect.includes(value), 'a secret is visible in docker inspect');
  });

  test('up twice: same container ids, nothing recreated', async () => {
    const before = await containerIds(PROJECT);
    const result = await cli('--json', 'up');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok((JSON.parse(result.stdout) as { services: Array<{ action: string }> }).services.every((s) => s.action === 'kept'));
    assert.deepEqual(await containerIds(PROJECT), before);
  });

  test('down keeps the volumes; down --volumes deletes them', async () => {
    const volumes = async () =>
      (await execa('docker', ['volume', 'ls', '-q', '--filter', `label=org.rocketctl.project=${PROJECT}`])).stdout.split('\n').filter(Boolean);
    const networks = async () => (await execa('docker', ['network', 'ls', '-q', '--filter', `label=org.rocketctl.project=${PROJECT}`])).stdout.trim();
    assert.equal((await cli('down')).exitCode, 0);
    assert.deepEqual(await containerIds(PROJECT), {});
    assert.equal(await networks(), '');
    assert.equal((await volumes()).length, 7);
    const refused = await cli('down', '--volumes');
    assert.equal(refused.exitCode, 2, 'no terminal and no --yes: nothing is deleted');
    assert.equal((await volumes()).length, 7);
    assert.equal((await cli('down', '--volumes', '--yes')).exitCode, 0);
    assert.deepEqual(await volumes(), []);
  });
});
