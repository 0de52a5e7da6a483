import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import kafkajs, { Kafka, logLevel } from 'kafkajs';
import { retry } from '../../src/shared/retry.js';
import type { ChecklistReport } from '../../src/checklist/report.js';
import { rocketctl, projectCli } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { ensureSwarmLab, type SwarmLab, type SwarmLabNode } from '../lab/swarm/swarm-lab.js';
import { SWARM_PLACEMENT, SWARM_PORT_OFFSET, swarmOverrides, swarmPublish } from '../support/swarm-project.js';

// The multi-host ring (`npm run test:swarm`): the lab's images on a swarm of three nested Docker nodes on this
// machine (test/lab/swarm/), laid out as test/support/swarm-project.ts says.
const PROJECT = 'rocketctl-swarm-e2e';
const OFFSET = SWARM_PORT_OFFSET;
const at = (base: number) => base + OFFSET;
const PLACEMENT = SWARM_PLACEMENT;
const UP_TIMEOUT_MS = 900_000;

type Status = { ok: boolean; services: { name: string; state: string; ready: boolean; node?: string; endpoints: Record<string, string>; detail: string }[] };

describe('up --engine swarm: the stack across three Docker nodes', () => {
  let lab: SwarmLab;
  let project: Awaited<ReturnType<typeof createLabProject>>;
  const cli = projectCli(() => project.dir);
  const status = async () => JSON.parse((await cli(['status', '--json'])).stdout) as Status;
  const secret = async (name: string) => (await cli(['secrets', 'get', name])).stdout.trim();
  const nodeHost = (name: SwarmLabNode['name']) => lab.nodes.find((n) => n.name === name)!.dockerHost;

  before(async () => {
    lab = await ensureSwarmLab({ publish: await swarmPublish(OFFSET), log: (line) => console.error(`swarm lab: ${line}`) });
    // Every CLI call of this file (cleanup's `down` too) talks to the manager.
    process.env.DOCKER_HOST = lab.managerDockerHost;
    project = await createLabProject(PROJECT, swarmOverrides(lab), { portOffset: OFFSET });
    // What an interrupted earlier run left (services, data volumes on the nodes) is cleared, as an operator would.
    assert.equal((await cli(['down', '--volumes', '--yes'], { timeoutMs: UP_TIMEOUT_MS })).exitCode, 0);
    // The workers image, built on this machine (whose engine push-to-nodes copies from), like the lab's images.
    const build = await cli(['--engine', 'docker', 'images', 'build'], { timeoutMs: UP_TIMEOUT_MS, env: { DOCKER_HOST: 'unix:///var/run/docker.sock' } });
    assert.equal(build.exitCode, 0, build.stderr);
    const push = await cli(['images', 'push-to-nodes'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(push.exitCode, 0, push.stderr);
    const up = await cli(['--json', 'up'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(up.exitCode, 0, up.stderr);
  });
  after(async () => {
    await lab?.startNode('node-3').catch(() => undefined);
    await project?.cleanup();
    delete process.env.DOCKER_HOST;
  });

  test('placement: each ZooKeeper peer on its own node, the rest as configured (asked of each node engine with the docker CLI)', async () => {
    for (const node of ['node-1', 'node-2', 'node-3'] as const) {
      const { stdout } = await execa('docker', [
        '-H',
        nodeHost(node),
        'ps',
        '--filter',
        `label=org.rocketctl.project=${PROJECT}`,
        '--format',
        '{{.Label "org.rocketctl.service"}}',
      ]);
      const expected = Object.entries(PLACEMENT)
        .filter(([, n]) => n === node)
        .map(([service]) => service);
      assert.deepEqual(stdout.split('\n').filter(Boolean).sort(), expected.sort(), node);
    }
  });

  test('status --json: every service ready, with the node it runs on and endpoints on that node', async () => {
    const result = await status();
    assert.equal(result.ok, true, JSON.stringify(result.services.filter((s) => !s.ready)));
    for (const service of result.services) assert.equal(service.node, PLACEMENT[service.name as keyof typeof PLACEMENT], service.name);
    assert.equal(result.services.find((s) => s.name === 'kafka')!.endpoints.tls, `127.0.0.1:${at(29093)}`);
  });

  test('no password in any service environment; the key files are Swarm secrets, not configs', async () => {
    const { stdout } = await execa('docker', ['-H', lab.managerDockerHost, 'service', 'inspect', ...Object.keys(PLACEMENT).map((s) => `${PROJECT}-${s}`)]);
    const services = JSON.parse(stdout) as { Spec: { TaskTemplate: { ContainerSpec: { Env?: string[]; Secrets?: { File: { Name: string } }[] } } } }[];
    const secrets = await Promise.all(['KAFKA_ADMIN_PASSWORD', 'POSTGRES_SUPERUSER_PASSWORD', 'COUCHDB_ADMIN_PASSWORD', 'KAFKA_KEYSTORE_PASSWORD'].map(secret));
    for (const value of secrets) assert.ok(!stdout.includes(value), 'a secret value in docker service inspect');
    const secretFiles = services.flatMap((s) => (s.Spec.TaskTemplate.ContainerSpec.Secrets ?? []).map((ref) => ref.File.Name));
    assert.ok(secretFiles.some((f) => f.endsWith('kafka.keystore.jks')));
    assert.ok(secretFiles.some((f) => f.endsWith('server.key')));
  });

  test('ZooKeeper: one leader and two followers across the nodes (srvr, asked inside each task with the docker CLI)', async () => {
    const modes = await Promise.all(
      (['node-1', 'node-2', 'node-3'] as const).map(async (node, i) => {
        const { stdout: id } = await execa('docker', ['-H', nodeHost(node), 'ps', '-q', '--filter', `label=org.rocketctl.service=zookeeper-${i + 1}`]);
        const { stdout } = await execa('docker', [
          '-H',
          nodeHost(node),
          'exec',
          id.trim(),
          'bash',
          '-c',
          'exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && timeout 3 cat <&3',
        ]);
        return /^Mode: (\S+)/m.exec(stdout)?.[1];
      }),
    );
    assert.deepEqual(modes.sort(), ['follower', 'follower', 'leader']);
  });

  test('Kafka on node-1: TLS 1.3 + SCRAM-SHA-512 login as admin, produce to a topic created by rocketctl', async () => {
    assert.equal((await cli(['kafka', 'topics'])).exitCode, 0);
    const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
    const kafka = new Kafka({
      clientId: 'swarm-e2e',
      brokers: [`127.0.0.1:${at(29093)}`],
      ssl: { ca, servername: 'kafka', minVersion: 'TLSv1.3' },
      sasl: { mechanism: 'scram-sha-512', username: 'admin', password: await secret('KAFKA_ADMIN_PASSWORD') },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const [sent] = await producer.send({ topic: 'telemetry-alerts', acks: -1, messages: [{ value: 'from the swarm e2e' }] });
      assert.equal(sent!.errorCode, 0);
    } finally {
      await producer.disconnect();
    }
  });

  test('seed, then the checklist: TLS logins to Postgres, Cassandra and CouchDB, Kafka SCRAM, ZooKeeper quorum all green', async () => {
    const seed = await cli(['seed'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(seed.exitCode, 0, seed.stderr);
    for (const command of ['scram', 'acls']) assert.equal((await cli(['kafka', command])).exitCode, 0, command);
    const report = JSON.parse((await cli(['checklist', '--json'], { timeoutMs: UP_TIMEOUT_MS })).stdout) as ChecklistReport;
    for (const id of ['tls-assets', 'stack-up', 'zookeeper-quorum', 'kafka-tls', 'kafka-scram', 'cassandra-tls', 'schemas-users']) {
      const step = report.steps.find((s) => s.id === id);
      assert.equal(step?.status, 'ok', `${id}: ${JSON.stringify(step)}`);
    }
  });

  test('the workers member on node-2: every worker healthy once seeded, its secrets Swarm secrets (no value in the service)', async () => {
    const tasks = await execa('docker', [
      '-H',
      nodeHost('node-2'),
      'ps',
      '--filter',
      `label=org.rocketctl.service=workers`,
      '--filter',
      `label=org.rocketctl.project=${PROJECT}`,
      '-q',
    ]);
    assert.notEqual(tasks.stdout.trim(), '', 'the workers task runs on node-2');
    await retry(
      async () => {
        const status = await cli(['--json', 'workers', 'status']);
        if (status.exitCode !== 0) throw new Error(status.stdout);
        const workers = (JSON.parse(status.stdout) as { workers: { runsIn: string }[] }).workers;
        assert.ok(workers.every((w) => w.runsIn === 'stack'));
      },
      { timeoutMs: 90_000, intervalMs: 2_000, onGiveUp: (error) => error as Error },
    );
    const service = (await execa('docker', ['-H', lab.managerDockerHost, 'service', 'inspect', `${PROJECT}-workers`])).stdout;
    const secrets = (JSON.parse(service)[0].Spec.TaskTemplate.ContainerSpec.Secrets ?? []) as { SecretName: string; File: { Name: string; Mode: number } }[];
    const file = secrets.find((s) => s.File.Name === '/etc/rocketctl/secrets.env');
    assert.ok(file && file.SecretName.startsWith(`${PROJECT}-workers-`) && file.File.Mode === 0o600, JSON.stringify(secrets));
    for (const name of ['OBSERVER_WRITER_PASSWORD', 'KAFKA_GUARD_PRODUCER_PASSWORD', 'OBSERVER_ENCRYPTION_KEY'])
      assert.ok(!service.includes(await secret(name)), name);
  });

  test('up again: every service kept (spec hash), nothing recreated', async () => {
    const up = await cli(['--json', 'up'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(up.exitCode, 0, up.stderr);
    const actions = (JSON.parse(up.stdout) as { services: { name: string; action: string }[] }).services.map((s) => s.action);
    assert.deepEqual([...new Set(actions)], ['kept']);
  });

  test('a changed spec updates only that service in place, on its node, with its data volume', async () => {
    const file = path.join(project.dir, 'rocketctl.config.ts');
    const config = await readFile(file, 'utf8');
    await writeFile(
      file,
      config.replace('"allowPublicBind":true', '"allowPublicBind":true,"services":{"postgres":{"profile":{"env":{"ROCKETCTL_UPDATE_TEST":"1"}}}}'),
    );
    const up = await cli(['--json', 'up'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(up.exitCode, 0, up.stderr);
    const actions = Object.fromEntries((JSON.parse(up.stdout) as { services: { name: string; action: string }[] }).services.map((s) => [s.name, s.action]));
    assert.equal(actions.postgres, 'updated');
    for (const [name, action] of Object.entries(actions)) if (name !== 'postgres') assert.equal(action, 'kept', name);
    // The same superuser password still logs in: the new task found the volume the first one initialised.
    const postgres = (await status()).services.find((s) => s.name === 'postgres')!;
    assert.equal(postgres.ready, true, postgres.detail);
    assert.equal(postgres.node, 'node-3');
  });

  test('logs: a service of the swarm shows its output through the manager', async () => {
    const logs = await cli(['logs', 'zookeeper-2', '--tail', '50']);
    assert.equal(logs.exitCode, 0, logs.stderr);
    assert.match(logs.stdout + logs.stderr, /\S/);
  });

  test('preflight: a missing node, labels no node has, an image missing on its node, a non-swarm engine and a worker are refused with the fix; nothing is created', async () => {
    const overrides = JSON.parse(swarmOverrides(lab)) as { engine: { placement: Record<string, unknown> }; services?: unknown };
    overrides.engine.placement.postgres = { node: 'node-9' };
    overrides.engine.placement.cassandra = { labels: { 'rocketctl.role': 'cql' } };
    overrides.services = { couchdb: { image: 'rocketctl-lab/absent:1' } };
    const other = await createLabProject('rocketctl-swarm-preflight', JSON.stringify(overrides), { portOffset: OFFSET });
    const otherCli = (args: string[], env: Record<string, string> = {}) => rocketctl(args, { cwd: other.dir, env });
    try {
      const up = await otherCli(['up']);
      assert.equal(up.exitCode, 1, up.stderr);
      assert.match(up.stderr, /engine\.placement\.postgres\.node: no swarm node is named node-9 \(nodes: node-1, node-2, node-3\)/);
      assert.match(up.stderr, /engine\.placement\.cassandra\.labels: no node has rocketctl\.role=cql/);
      assert.match(up.stderr, /couchdb: image rocketctl-lab\/absent:1 is not on node node-3/);
      assert.match(up.stderr, /fix: .*docker node update --label-add rocketctl\.role=cql.*rocketctl images push-to-nodes/s);
      const { stdout } = await execa('docker', [
        '-H',
        lab.managerDockerHost,
        'service',
        'ls',
        '-q',
        '--filter',
        'label=org.rocketctl.project=rocketctl-swarm-preflight',
      ]);
      assert.equal(stdout.trim(), '', 'no service was created');
      const notSwarm = await otherCli(['up'], { DOCKER_HOST: 'unix:///var/run/docker.sock' });
      assert.match(notSwarm.stderr, /is not part of a swarm[\s\S]*fix: run `docker swarm init`/);
      const worker = await otherCli(['up'], { DOCKER_HOST: nodeHost('node-2') });
      assert.match(worker.stderr, /is a swarm worker, not a manager/);
    } finally {
      await other.cleanup();
    }
  });

  test('losing node-3 keeps the ZooKeeper quorum, and status names the lost node', async () => {
    await lab.stopNode('node-3');
    const lost = await retry(
      async () => {
        const result = await status();
        const zk3 = result.services.find((s) => s.name === 'zookeeper-3')!;
        if (zk3.state === 'running') throw new Error(`zookeeper-3 still ${zk3.state}: ${zk3.detail}`);
        return result;
      },
      { timeoutMs: 90_000, intervalMs: 2_000 },
    );
    const byName = new Map(lost.services.map((s) => [s.name, s]));
    assert.equal(lost.ok, false);
    assert.equal(byName.get('zookeeper-3')!.node, 'node-3');
    assert.match(byName.get('zookeeper-3')!.detail, /node-3 is (down|unknown|disconnected)/);
    assert.match(byName.get('postgres')!.detail, /node-3/);
    for (const peer of ['zookeeper-1', 'zookeeper-2', 'kafka']) assert.equal(byName.get(peer)!.ready, true, `${peer}: ${byName.get(peer)!.detail}`);
    const text = await cli(['status']);
    assert.equal(text.exitCode, 1);
    assert.match(text.stdout, /zookeeper-3\s+node-3\s+stopped/);
  });

  test('down: services, secrets, configs and the network go; data volumes stay on their nodes until --volumes', async () => {
    await lab.startNode('node-3');
    const onManager = async (...args: string[]) =>
      (await execa('docker', ['-H', lab.managerDockerHost, ...args, '-q', '--filter', `label=org.rocketctl.project=${PROJECT}`])).stdout.trim();
    const volumesOn = async (node: SwarmLabNode['name']) =>
      (await execa('docker', ['-H', nodeHost(node), 'volume', 'ls', '-q', '--filter', `label=org.rocketctl.project=${PROJECT}`])).stdout
        .split('\n')
        .filter(Boolean);
    assert.notEqual(await onManager('secret', 'ls'), '', 'the stack has Swarm secrets before down');
    const down = await cli(['--json', 'down'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(down.exitCode, 0, down.stderr);
    const result = JSON.parse(down.stdout) as { containers: string[]; volumesKept: string[] };
    assert.equal(result.containers.length, 8, 'seven services and the workers member');
    assert.ok(result.volumesKept.includes(`node-3:${PROJECT}-postgres-data`), result.volumesKept.join(', '));
    assert.ok(result.volumesKept.includes(`node-2:${PROJECT}-workers-data`), result.volumesKept.join(', '));
    for (const kind of ['service', 'secret', 'config', 'network']) assert.equal(await onManager(kind, 'ls'), '', `${kind}s left`);
    assert.deepEqual(await volumesOn('node-3'), [`${PROJECT}-couchdb-data`, `${PROJECT}-postgres-data`, `${PROJECT}-zookeeper-3-data`]);
    const purge = await cli(['down', '--volumes', '--yes'], { timeoutMs: UP_TIMEOUT_MS });
    assert.equal(purge.exitCode, 0, purge.stderr);
    for (const node of ['node-1', 'node-2', 'node-3'] as const) assert.deepEqual(await volumesOn(node), [], node);
  });
});
