/**
 * Proves each lab image runs the real server, started the way rocketctl starts it (native config files
 * mounted read-only, the image named in the lab config): a 3-node ZooKeeper ensemble elects 1 leader and
 * 2 followers, a Kafka broker takes a produce and a consume, Postgres and Cassandra answer queries through
 * their Node drivers, the CouchDB-protocol peer serves documents and _changes over HTTPS.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import cassandra from 'cassandra-driver';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { LAB_IMAGES } from './lab-images.js';
import { repoRoot } from './lab-paths.js';
import { fourLetterWord, serverState } from '../support/four-letter-word.js';
import { httpsJson } from './smoke/https-json.js';
import { selfSignedCert } from './smoke/self-signed-cert.js';
import { couchdbIni, kafkaServerProperties, ZOOKEEPER_NODES, zooCfg } from './smoke/smoke-configs.js';
import { freePort } from '../support/free-port.js';
import { LabContainers, type LabContainer } from '../support/lab-containers.js';
import { waitFor } from './smoke/wait-for.js';

const LAB_CONFIG = 'test/lab/rocketctl.lab.config.ts';

describe('lab images run the real servers', () => {
  const lab = new LabContainers('rocketctl-lab-smoke');
  let config: ResolvedConfig;
  let workDir: string;
  let zookeepers: LabContainer[] = [];
  let ensembleReady: Promise<Map<string, string>> | undefined;

  type Service = keyof ResolvedConfig['services'];
  const image = (service: Service) => config.services[service].image;
  // Configs and certs go where the lab config's image profile says: the test proves profile and image agree.
  const profile = (service: Service) => config.services[service].profile;

  /** mntr on every node until all serve; resolves to each node's zk_server_state. */
  const ensemble = () =>
    (ensembleReady ??= waitFor(
      'ZooKeeper quorum',
      zookeepers,
      async () => {
        const states = new Map<string, string>();
        for (const node of zookeepers) {
          const state = serverState(await fourLetterWord(node.hostPort(2181), 'mntr'));
          if (!state) return undefined;
          states.set(node.name, state);
        }
        return states;
      },
      90_000,
    ));

  before(async () => {
    config = await loadConfig({ cwd: repoRoot, configFile: LAB_CONFIG });
    const services = ['zookeeper-1', 'kafka', 'cassandra', 'postgres', 'couchdb'] as const;
    await lab.requireImages(services.map(image));
    workDir = await mkdtemp(path.join(tmpdir(), 'rocketctl-lab-smoke-'));
    await chmod(workDir, 0o755); // the servers read their mounted configs as their own users
    await lab.createNetwork();
    const zkConf = path.join(workDir, 'zookeeper');
    await mkdirWith(zkConf, { 'zoo.cfg': zooCfg() });
    zookeepers = await Promise.all(
      ZOOKEEPER_NODES.map((name, i) =>
        lab.start({
          name,
          image: image('zookeeper-1'),
          env: { ZOO_MY_ID: String(i + 1) },
          readOnlyMounts: { [zkConf]: profile('zookeeper-1').configDir },
          ports: { 2181: 0 },
        }),
      ),
    );
  });

  after(async () => {
    await lab.cleanup();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test('the lab config names the images the lab builds, with cockroach disabled', () => {
    const built = new Set<string>(LAB_IMAGES.map((i) => i.tag));
    for (const service of Object.values(config.services).filter((s) => s.enabled)) {
      assert.ok(built.has(service.image), `${service.name}: ${service.image} is not built by test/lab`);
    }
    assert.equal(config.services.cockroach.enabled, false);
  });

  test('zookeeper: a 3-node ensemble reports 1 leader and 2 followers over mntr', async () => {
    const states = [...(await ensemble()).values()].sort();
    assert.deepEqual(states, ['follower', 'follower', 'leader']);
  });

  test('kafka: a broker in ZooKeeper mode takes a kafkajs produce and consume', async () => {
    await ensemble();
    const hostPort = await freePort();
    const conf = path.join(workDir, 'kafka');
    await mkdirWith(conf, { 'server.properties': kafkaServerProperties(hostPort) });
    const { configDir, env } = profile('kafka');
    const broker = await lab.start({
      name: 'kafka',
      image: image('kafka'),
      cmd: ['/opt/kafka/bin/kafka-server-start.sh', `${configDir}/server.properties`],
      env: env ?? {},
      readOnlyMounts: { [conf]: configDir },
      ports: { 9094: hostPort },
    });
    const kafka = new Kafka({ clientId: 'lab-smoke', brokers: [`127.0.0.1:${hostPort}`], logLevel: logLevel.NOTHING });
    // Readiness is polled by waitFor; this client fails each try fast. The one above keeps kafkajs's own
    // retries, which the consumer needs while the group coordinator is still being created.
    const probe = new Kafka({ clientId: 'lab-smoke-probe', brokers: [`127.0.0.1:${hostPort}`], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    await waitFor(
      'Kafka broker',
      [broker],
      async () => {
        const probeAdmin = probe.admin();
        try {
          await probeAdmin.connect();
          return (await probeAdmin.describeCluster()).brokers.length === 1 ? true : undefined;
        } finally {
          await probeAdmin.disconnect();
        }
      },
      90_000,
    );
    const admin = kafka.admin();
    await admin.connect();
    const topic = 'lab-smoke';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello from the lab' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'lab-smoke' });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message consumed within 60 s')), 60_000);
        consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
        consumer
          .run({
            eachMessage: async ({ message }) => {
              clearTimeout(timer);
              resolve(message.value?.toString() ?? '');
            },
          })
          .catch(reject);
      });
      assert.equal(received, 'hello from the lab');
    } finally {
      await consumer.disconnect();
    }
  });

  test('postgres: initdb with POSTGRES_PASSWORD, then SCRAM login through pg', async () => {
    const password = randomBytes(12).toString('hex');
    const server = await lab.start({ name: 'postgres', image: image('postgres'), env: { POSTGRES_PASSWORD: password }, ports: { 5432: 0 } });
    const connect = async (pw: string) => {
      const client = new pg.Client({ host: '127.0.0.1', port: server.hostPort(5432), user: 'postgres', password: pw, database: 'postgres' });
      await client.connect();
      return client;
    };
    const client = await waitFor('Postgres', [server], () => connect(password), 60_000);
    try {
      const { rows } = await client.query<{ version: number; scram: boolean }>(
        "SELECT current_setting('server_version_num')::int AS version, rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = 'postgres'",
      );
      assert.ok(rows[0]!.version >= 150000 && rows[0]!.version < 160000, `PostgreSQL 15 expected, got ${rows[0]!.version}`);
      assert.equal(rows[0]!.scram, true, 'the superuser password is stored as a SCRAM verifier');
    } finally {
      await client.end();
    }
    await assert.rejects(connect('wrong-password'), /password authentication failed/);
  });

  test('couchdb peer: HTTPS with require_valid_user, GET /, a document write and _changes', async () => {
    const admin = { name: 'admin', password: randomBytes(12).toString('hex') };
    const etc = path.join(workDir, 'couchdb-local.d');
    const certs = path.join(workDir, 'couchdb-certs');
    const { configDir, certsDir } = profile('couchdb');
    await mkdirWith(etc, { '10-smoke.ini': couchdbIni(admin, certsDir) });
    await mkdirWith(certs, {});
    const { pem } = await selfSignedCert(certs);
    const server = await lab.start({
      name: 'couchdb',
      image: image('couchdb'),
      // The ini file alone: local.d itself must stay writable (the entrypoint creates docker.ini there, as upstream's).
      readOnlyMounts: { [path.join(etc, '10-smoke.ini')]: `${configDir}/10-smoke.ini`, [certs]: certsDir },
      ports: { 6984: 0 },
    });
    const port = server.hostPort(6984);
    const auth = `${admin.name}:${admin.password}`;
    const up = await waitFor('CouchDB peer', [server], () => httpsJson(port, 'GET', '/_up', { ca: pem }), 30_000);
    assert.equal(up.body.status, 'ok');

    assert.equal((await httpsJson(port, 'GET', '/', { ca: pem })).status, 401, 'anonymous requests are refused');
    const welcome = await httpsJson(port, 'GET', '/', { ca: pem, auth });
    assert.equal(welcome.body.couchdb, 'Welcome');
    await assert.rejects(httpsJson(port, 'GET', '/', { ca: pem, auth, maxVersion: 'TLSv1.2' }), 'TLS 1.2 is refused');

    assert.equal((await httpsJson(port, 'PUT', '/lab-smoke', { ca: pem, auth })).status, 201);
    const write = await httpsJson(port, 'PUT', '/lab-smoke/reading-1', { ca: pem, auth, body: { celsius: 21.5 } });
    assert.equal(write.status, 201);
    const read = await httpsJson(port, 'GET', '/lab-smoke/reading-1', { ca: pem, auth });
    assert.equal(read.body.celsius, 21.5);
    const changes = await httpsJson(port, 'GET', '/lab-smoke/_changes', { ca: pem, auth });
    const ids = (changes.body.results as { id: string }[]).map((r) => r.id);
    assert.deepEqual(ids, ['reading-1']);
  });

  test('cassandra: SELECT release_version FROM system.local through cassandra-driver', async () => {
    const server = await lab.start({
      name: 'cassandra',
      image: image('cassandra'),
      env: profile('cassandra').env ?? {},
      ports: { 9042: 0 },
    });
    const hostPort = server.hostPort(9042);
    // The node announces its container IP; the test only talks to the port published on 127.0.0.1.
    // (The typings declare AddressTranslator an interface; the driver insists on an instance of its class.)
    const { AddressTranslator } = cassandra.policies.addressResolution as unknown as {
      AddressTranslator: new () => cassandra.policies.addressResolution.AddressTranslator;
    };
    class ToPublishedPort extends AddressTranslator {
      override translate(_address: string, _port: number, callback: (endpoint: string) => void): void {
        callback(`127.0.0.1:${hostPort}`);
      }
    }
    const release = await waitFor(
      'Cassandra CQL',
      [server],
      async () => {
        const client = new cassandra.Client({
          contactPoints: [`127.0.0.1:${hostPort}`],
          localDataCenter: 'datacenter1',
          policies: { addressResolution: new ToPublishedPort() },
          // No heartbeat: its 30 s timer outlives shutdown() of a half-connected client and holds the test open.
          pooling: { heartBeatInterval: 0 },
        });
        try {
          const result = await client.execute('SELECT release_version FROM system.local');
          return String(result.first().get('release_version'));
        } finally {
          await client.shutdown();
        }
      },
      180_000,
    );
    assert.match(release, /^5\.0\./);
  });
});

async function mkdirWith(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content, { mode: 0o644 });
}
