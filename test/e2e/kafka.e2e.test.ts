import { retry } from '../../src/shared/retry.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';
import { projectCli } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { connectRaw, type RawZk } from '../support/raw-zookeeper.js';
import { recomputeScramSha512, secretMaterial } from '../support/scram-check.js';

const PROJECT = 'rocketctl-e2e-kafka';
const EXTRA = `{ kafka: { topics: { 'rocketctl-e2e-extra': { partitions: 2, retentionMs: 3600000 } } } }`;
const FIX = 'run `npm run lab` (starts dockerd, builds the lab images), or `npm test`, which does it first';
const { ConfigResourceTypes } = kafkajs;
// kafkajs puts the broker's error code on the error, its cause, or (CreateTopics) each aggregated error.
const errorType = (error: unknown) => {
  const e = error as { type?: string; cause?: { type?: string }; errors?: Array<{ type?: string }> };
  return e.type ?? e.cause?.type ?? e.errors?.[0]?.type;
};
const within = <T>(what: string, promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing within ${ms / 1000} s`)), ms).unref())]);

function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  return retry(attempt, { timeoutMs, intervalMs: 250, what });
}

describe('kafka scram | topics | acls against a running broker that is never restarted', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  let broker: string;
  let caPem: string;
  let raw: RawZk;
  let started: string;
  const seen: Array<{ password: string; credential: string }> = [];
  const cli = projectCli(() => project.dir);
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await cli(...args, '--json');
    assert.equal(result.exitCode, 0, result.stderr);
    return JSON.parse(result.stdout) as T;
  };
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  // No retries by default, so a refusal shows at once; the consumer's first group needs them while the broker creates __consumer_offsets.
  const client = (username: string, password: string, retries = 0) =>
    new Kafka({
      brokers: [broker],
      ssl: { ca: [caPem], minVersion: 'TLSv1.3' },
      sasl: { mechanism: 'scram-sha-512', username, password },
      logLevel: logLevel.NOTHING,
      retry: { retries },
    });
  const credential = async (user: string) =>
    (JSON.parse((await raw.get(`/config/users/${user}`))!.data) as { config: Record<string, string> }).config['SCRAM-SHA-512']!;
  const remember = async (user: string, secretName: string) => seen.push({ password: await secret(secretName), credential: await credential(user) });
  const kafkaState = async () => (await execa('docker', ['inspect', '-f', '{{.Id}} {{.State.StartedAt}} {{.RestartCount}}', `${PROJECT}-kafka`])).stdout;
  const asAdmin = async <T>(work: (admin: Admin) => Promise<T>) => {
    const admin = client('admin', await secret('KAFKA_ADMIN_PASSWORD')).admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };
  const produce = async (password: string, topic: string, value: string) => {
    const producer = client('guard-producer', password).producer({ allowAutoTopicCreation: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value }] });
    } finally {
      await producer.disconnect();
    }
  };

  before(async () => {
    for (const image of ['rocketctl-lab/zookeeper:3.8', 'rocketctl-lab/kafka:3.9']) {
      const found = await execa('docker', ['image', 'inspect', image], { reject: false });
      if (found.exitCode !== 0) throw new Error(`prerequisite missing: lab image ${image} (or the docker engine). Fix: ${FIX}`);
    }
    project = await createLabProject(PROJECT, EXTRA, { portOffset: 2000 });
    const up = await cli('up', 'kafka');
    assert.equal(up.exitCode, 0, up.stderr);
    const status = JSON.parse((await cli('status', '--json')).stdout) as {
      services: Array<{ name: string; ready: boolean; endpoints: Record<string, string> }>;
    };
    const endpoint = (name: string, key: string) => status.services.find((s) => s.name === name && s.ready)?.endpoints[key];
    broker = endpoint('kafka', 'tls')!;
    assert.ok(broker && endpoint('zookeeper-1', 'client'), 'status --json shows kafka tls and zookeeper-1 client endpoints');
    caPem = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
    // Every published peer, so the test's own client survives the one it later stops (even the leader).
    raw = await connectRaw(
      ['zookeeper-1', 'zookeeper-2', 'zookeeper-3']
        .map((name) => endpoint(name, 'client'))
        .filter(Boolean)
        .join(','),
    );
    started = await kafkaState();
  });
  after(async () => {
    raw?.close();
    await project?.cleanup();
  });

  test('kafka scram: guard-producer and guard-consumer written (admin already by up); PBKDF2 recomputed independently', async () => {
    const result = await json<{ users: Array<{ user: string; changed: boolean }> }>('kafka', 'scram');
    assert.deepEqual(
      result.users.map((u) => [u.user, u.changed]),
      [
        ['admin', false],
        ['guard-producer', true],
        ['guard-consumer', true],
      ],
    );
    const { fields, expected } = recomputeScramSha512(await credential('guard-producer'), await secret('KAFKA_GUARD_PRODUCER_PASSWORD'));
    assert.deepEqual([fields.stored_key, fields.server_key], [expected.stored_key, expected.server_key]);
    await remember('admin', 'KAFKA_ADMIN_PASSWORD');
    await remember('guard-producer', 'KAFKA_GUARD_PRODUCER_PASSWORD');
    await remember('guard-consumer', 'KAFKA_GUARD_CONSUMER_PASSWORD');
  });

  test('kafka topics: the three topics and the configured extra one, with their settings, as the broker reports them', async () => {
    type Topics = { changed: boolean; topics: Array<{ name: string; partitions: number; replicationFactor: number; retentionMs: number; changes: string[] }> };
    const result = await json<Topics>('kafka', 'topics');
    const expected = [
      ['security-guard-feed', 3, 604800000],
      ['telemetry-alerts', 3, 604800000],
      ['ai-patterns', 1, 2419200000],
      ['rocketctl-e2e-extra', 2, 3600000],
    ] as const;
    assert.deepEqual(
      result.topics.map((t) => [t.name, t.partitions, t.replicationFactor, t.retentionMs, t.changes.length]),
      expected.map(([n, p, r]) => [n, p, 1, r, 1]),
    );
    const seenByAdmin = await asAdmin(async (admin) => {
      const { topics } = await admin.fetchTopicMetadata({ topics: expected.map(([n]) => n) });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: expected.map(([name]) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
      });
      return expected.map(([name]) => [
        name,
        topics.find((t) => t.name === name)!.partitions.length,
        Number(configs.resources.find((r) => r.resourceName === name)!.configEntries[0]!.configValue),
      ]);
    });
    assert.deepEqual(
      seenByAdmin,
      expected.map(([n, p, r]) => [n, p, r]),
    );
    const audit = await raw.children('/rocketctl/audit');
    const again = await cli('kafka', 'topics', '--json');
    assert.equal((JSON.parse(again.stdout) as Topics).changed, false);
    assert.match(again.stderr, /all 4 topics already match the config; nothing changed/);
    assert.deepEqual(await raw.children('/rocketctl/audit'), audit, 'a re-run records nothing');
  });

  test('kafka topics: drift is repaired (other overrides kept), the config grows partitions, never shrinks them', async () => {
    await asAdmin(async (admin) => {
      const configEntries = [
        { name: 'retention.ms', value: '60000' },
        { name: 'max.message.bytes', value: '2000000' },
      ];
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'telemetry-alerts', configEntries }] });
      await admin.createPartitions({ topicPartitions: [{ topic: 'ai-patterns', count: 2 }] });
    });
    const configFile = path.join(project.dir, 'rocketctl.config.ts');
    await writeFile(configFile, (await readFile(configFile, 'utf8')).replace('partitions: 2, retentionMs: 3600000', 'partitions: 4, retentionMs: 7200000'));
    const result = await json<{ topics: Array<{ name: string; partitions: number; retentionMs: number; changes: string[]; refused: string[] }> }>(
      'kafka',
      'topics',
    );
    const byName = new Map(result.topics.map((t) => [t.name, t]));
    assert.deepEqual(byName.get('telemetry-alerts')!.changes, ['retention.ms 60000 → 604800000']);
    assert.deepEqual(byName.get('rocketctl-e2e-extra')!.changes, ['partitions 2 → 4', 'retention.ms 3600000 → 7200000']);
    assert.equal(byName.get('ai-patterns')!.partitions, 2);
    assert.match(byName.get('ai-patterns')!.refused.join(), /has 2 partitions, the config asks for 1: Kafka cannot remove partitions/);
    const overrides = await asAdmin(async (admin) => {
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'telemetry-alerts' }] });
      return Object.fromEntries(described.resources[0]!.configEntries.filter((e) => e.configSource === 1).map((e) => [e.configName, e.configValue]));
    });
    assert.deepEqual(overrides, { 'retention.ms': '604800000', 'max.message.bytes': '2000000' });
    const again = await cli('kafka', 'topics');
    assert.equal(again.exitCode, 0, again.stderr);
    assert.match(again.stderr, /nothing changed; 1 topic\(s\) differ in ways rocketctl will not change/);
  });

  test('kafka acls: least-privilege ACLs added once, listed as read back from ZooKeeper', async () => {
    const allow = (user: string, operation: string) => ({ principal: `User:${user}`, permissionType: 'Allow', operation, host: '*' });
    const feed = [allow('guard-producer', 'Write'), allow('guard-producer', 'Describe'), allow('guard-consumer', 'Read'), allow('guard-consumer', 'Describe')];
    const expected = [
      { resourceType: 'Group', name: 'guard-consumers', patternType: 'LITERAL', acls: [allow('guard-consumer', 'Read')] },
      { resourceType: 'Topic', name: 'security-guard-feed', patternType: 'LITERAL', acls: feed },
      {
        resourceType: 'Topic',
        name: 'telemetry-alerts',
        patternType: 'LITERAL',
        acls: [allow('guard-consumer', 'Write'), allow('guard-consumer', 'Describe')],
      },
    ];
    const first = await json<{ changed: boolean; acls: unknown }>('kafka', 'acls');
    assert.deepEqual([first.changed, first.acls], [true, expected]);
    assert.deepEqual(JSON.parse((await raw.get('/kafka-acl/Topic/security-guard-feed'))!.data), { version: 1, acls: feed });
    assert.equal(await raw.get('/kafka-acl/Cluster/kafka-cluster'), null, 'no cluster-wide grant');
    const audit = await raw.children('/rocketctl/audit');
    const again = await json<{ changed: boolean; acls: unknown }>('kafka', 'acls');
    assert.deepEqual([again.changed, again.acls], [false, expected]);
    assert.deepEqual(await raw.children('/rocketctl/audit'), audit);
  });

  test('guard-producer: produces to security-guard-feed (also idempotently, without a Cluster grant); is refused elsewhere', async () => {
    const password = await secret('KAFKA_GUARD_PRODUCER_PASSWORD');
    await eventually('produce as guard-producer', () => produce(password, 'security-guard-feed', 'guard-e2e-1'));
    const idempotent = client('guard-producer', password).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 2 },
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    });
    await idempotent.connect();
    await idempotent.send({ topic: 'security-guard-feed', messages: [{ value: 'guard-e2e-2' }] });
    await idempotent.disconnect();
    await assert.rejects(produce('a-wrong-password-123456', 'security-guard-feed', 'x'), (e: Error) => e.name === 'KafkaJSSASLAuthenticationError');
    await assert.rejects(produce(password, 'ai-patterns', 'x'), (e: Error) => errorType(e) === 'TOPIC_AUTHORIZATION_FAILED');
    const admin = client('guard-producer', password).admin();
    await admin.connect();
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'guard-made' }] }), (e: Error) => errorType(e) === 'TOPIC_AUTHORIZATION_FAILED');
    await admin.disconnect();
  });

  test('admin manages topics: creates, lists and deletes one', async () => {
    await asAdmin(async (admin) => {
      assert.equal(await admin.createTopics({ topics: [{ topic: 'rocketctl-e2e-scratch', numPartitions: 1, replicationFactor: 1 }] }), true);
      assert.ok((await admin.listTopics()).includes('rocketctl-e2e-scratch'));
      await admin.deleteTopics({ topics: ['rocketctl-e2e-scratch'] });
    });
  });

  test('guard-consumer reads what was produced in its group; another group is denied', async () => {
    const password = await secret('KAFKA_GUARD_CONSUMER_PASSWORD');
    const consumer = client('guard-consumer', password, 10).consumer({ groupId: 'guard-consumers' });
    await consumer.connect();
    await consumer.subscribe({ topics: ['security-guard-feed'], fromBeginning: true });
    const values = new Set<string>();
    const crashes: string[] = [];
    consumer.on(consumer.events.CRASH, (event) => crashes.push(`${event.payload.error.name}: ${event.payload.error.message}`));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`guard-consumer read only [${[...values].join(', ')}] in 60 s; crashes: ${crashes.join('; ')}`)), 60_000);
      const eachMessage = async ({ message }: kafkajs.EachMessagePayload) => {
        values.add(message.value!.toString());
        if (values.has('guard-e2e-1') && values.has('guard-e2e-2')) {
          clearTimeout(timer);
          resolve();
        }
      };
      consumer.run({ eachMessage }).catch(reject);
    });
    await consumer.disconnect();
    const outsider = client('guard-consumer', password).consumer({ groupId: 'rocketctl-e2e-outsiders', retry: { retries: 0 } });
    const crashed = new Promise((resolve) => outsider.on(outsider.events.CRASH, resolve));
    await outsider.connect();
    await outsider.subscribe({ topics: ['security-guard-feed'], fromBeginning: true });
    await outsider.run({ eachMessage: async () => assert.fail('a consumer outside guard-consumers read a message') });
    await within('outsider consumer refused', crashed, 30_000); // kafkajs reports the refused FindCoordinator as "coordinator not found": the broker's log says why
    await outsider.disconnect();
    const { stdout } = await execa('docker', ['logs', `${PROJECT}-kafka`], { all: true });
    assert.match(stdout, /User:guard-consumer is Denied Operation = Describe .* on resource = Group:LITERAL:rocketctl-e2e-outsiders/);
  });

  test('--rotate guard-producer: the old password fails on new connections, the new one works, no broker restart', async () => {
    const old = await secret('KAFKA_GUARD_PRODUCER_PASSWORD');
    const result = await json<{ users: Array<{ user: string; changed: boolean }> }>('kafka', 'scram', '--user', 'guard-producer', '--rotate');
    assert.deepEqual(
      result.users.map((u) => [u.user, u.changed]),
      [['guard-producer', true]],
    );
    const fresh = await secret('KAFKA_GUARD_PRODUCER_PASSWORD');
    assert.notEqual(fresh, old);
    await remember('guard-producer', 'KAFKA_GUARD_PRODUCER_PASSWORD');
    await eventually('old password refused', () =>
      assert.rejects(produce(old, 'security-guard-feed', 'x'), (e: Error) => e.name === 'KafkaJSSASLAuthenticationError'),
    );
    await eventually('new password accepted', () => produce(fresh, 'security-guard-feed', 'guard-e2e-3'));
    assert.equal(await kafkaState(), started);
  });

  test('zookeeper-2 stopped: kafka scram --rotate and kafka acls still succeed, and the broker takes the new password', async () => {
    await execa('docker', ['stop', `${PROJECT}-zookeeper-2`]);
    const rotate = await cli('kafka', 'scram', '--user', 'guard-producer', '--rotate');
    assert.equal(rotate.exitCode, 0, rotate.stderr);
    await remember('guard-producer', 'KAFKA_GUARD_PRODUCER_PASSWORD');
    const acls = await cli('kafka', 'acls');
    assert.equal(acls.exitCode, 0, acls.stderr);
    await eventually('rotated password accepted', async () => produce(await secret('KAFKA_GUARD_PRODUCER_PASSWORD'), 'security-guard-feed', 'guard-e2e-4'));
  });

  test('every change has an audit entry, in order; none holds a password, its base64, a salt or a key', async () => {
    const result = await cli('audit', 'log', '--json');
    assert.equal(result.exitCode, 0, result.stderr);
    const entries = (JSON.parse(result.stdout) as { entries: Array<{ action: string; entity: string; digest: string }> }).entries;
    assert.deepEqual(
      entries.map((e) => `${e.action} ${e.entity}`),
      [
        'scram-credential-set users/admin',
        'scram-credential-set users/guard-producer',
        'scram-credential-set users/guard-consumer',
        'topic-create topics/security-guard-feed',
        'topic-create topics/telemetry-alerts',
        'topic-create topics/ai-patterns',
        'topic-create topics/rocketctl-e2e-extra',
        'topic-config-alter topics/telemetry-alerts',
        'topic-partitions-add topics/rocketctl-e2e-extra',
        'topic-config-alter topics/rocketctl-e2e-extra',
        'acl-add Topic:security-guard-feed',
        'acl-add Topic:telemetry-alerts',
        'acl-add Group:guard-consumers',
        'scram-credential-rotate users/guard-producer',
        'scram-credential-rotate users/guard-producer',
      ],
    );
    const current = await credential('guard-producer');
    assert.equal(entries.at(-1)!.digest, `sha256:${createHash('sha256').update(current).digest('hex')}`, 'the digest names what the znode holds');
    const stored = (await Promise.all((await raw.children('/rocketctl/audit')).map(async (n) => (await raw.get(`/rocketctl/audit/${n}`))!.data))).join('\n');
    for (const text of [stored, result.stdout]) {
      for (const { password, credential: written } of seen) {
        for (const material of secretMaterial(password, written))
          assert.equal(text.includes(material), false, `audit contains secret material (${material.slice(0, 4)}…)`);
      }
    }
    assert.equal(await kafkaState(), started, 'the broker was never restarted');
  });
});
