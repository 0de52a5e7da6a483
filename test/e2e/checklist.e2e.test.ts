import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { ChecklistReport } from '../../src/checklist/report.js';
import { retry } from '../../src/shared/retry.js';
import { projectCli, startRocketctl } from '../support/cli.js';
import { restartDockerEngine } from '../support/engine-restart.js';
import { httpsRequest } from '../support/https-request.js';
import { collectTopic } from '../support/kafka-collector.js';
import { containerIds, createLabProject } from '../support/lab-project.js';
import { connectRaw } from '../support/raw-zookeeper.js';
import { sqlOnce } from '../support/store-clients.js';

const PROJECT = 'rocketctl-e2e-checklist';
const OFFSET = -3000;
const MEMBER = `${PROJECT}-workers`;
const docker = (...args: string[]) => execa('docker', args);
const inspect = async (container: string) => JSON.parse((await docker('inspect', container)).stdout)[0];

/**
 * The operator's path: `checklist --resume` alone brings the stack from nothing to every step green, the workers
 * included (they run as the stack's workers member), and after each fault it repairs exactly what broke, judging
 * what depends on a repaired service only once it had the time to reconnect.
 */
describe('checklist: every step verified for real; --resume repairs exactly what is broken', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  const cli = projectCli(() => project.dir);
  const report = async (...args: string[]) => {
    const result = await cli('--json', 'checklist', ...args);
    return { exitCode: result.exitCode, stderr: result.stderr, report: JSON.parse(result.stdout) as ChecklistReport };
  };
  const red = (r: ChecklistReport) => r.steps.filter((s) => s.status === 'failed').map((s) => s.id);
  const assertAllGreen = (r: ChecklistReport) => {
    for (const step of r.steps) assert.ok(step.status === 'ok' || step.status === 'skipped', `${step.id}: ${step.status} ${step.cause ?? ''}`);
  };
  // --resume alone must end green (exit 0): a step that depends on a repaired service is judged after it recovered.
  const resumeToGreen = async () => {
    const resumed = await report('--resume');
    assert.equal(resumed.exitCode, 0, `${JSON.stringify(resumed.report.steps.filter((s) => s.status === 'failed'))}\n${resumed.stderr}`);
    assertAllGreen(resumed.report);
    return resumed;
  };
  // Healthy, and (with `since`) run by a process started after that moment: a restart really happened.
  const workersHealthyWithin = async (timeoutMs: number, since?: number) => {
    const started = Date.now();
    await retry(
      async () => {
        const status = await cli('--json', 'workers', 'status');
        if (status.exitCode !== 0) throw new Error(`not all healthy yet: ${status.stdout}`);
        const workers = (JSON.parse(status.stdout) as { workers: { name: string; startedAt?: string }[] }).workers;
        const old = since === undefined ? [] : workers.filter((w) => !(Date.parse(w.startedAt ?? '') >= since - 1000));
        if (old.length > 0) throw new Error(`still the process from before: ${old.map((w) => `${w.name} started ${w.startedAt}`).join(', ')}`);
      },
      { timeoutMs, intervalMs: 500, onGiveUp: (error) => error as Error },
    );
    return (Date.now() - started) / 1000;
  };
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  let feed: Awaited<ReturnType<typeof collectTopic>> | undefined;
  const measured: Record<string, number> = {};

  before(async () => {
    // `workers: {}`: every worker on, as in the product's defaults (the lab config turns them off for other tests).
    project = await createLabProject(PROJECT, '{ workers: {} }', { portOffset: OFFSET });
    // The user path from nothing, interrupted once: Ctrl-C while `up` waits, then a re-run converges.
    const child = startRocketctl(['checklist', '--resume'], { cwd: project.dir });
    await retry(
      async () => {
        if (Object.keys(await containerIds(PROJECT)).length < 3) throw new Error('no containers yet');
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    child.signal('SIGINT');
    assert.equal((await child.exited).code, 130, child.stderr);
    const started = Date.now();
    await resumeToGreen();
    measured['checklist --resume after an interrupted first run (s)'] = (Date.now() - started) / 1000;
    // An independent reader of the guard feed from its beginning: every observer document must reach it.
    feed = await collectTopic({
      broker: `127.0.0.1:${29093 + OFFSET}`,
      ca: await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8'),
      password: await secret('KAFKA_ADMIN_PASSWORD'),
      topic: 'security-guard-feed',
    });
  });
  after(async () => {
    await feed?.close();
    console.error(`checklist e2e, measured: ${JSON.stringify(measured)}`);
    await project?.cleanup();
  });

  test('on a stack brought up by `checklist --resume` alone: every step green, the workers too; cockroach skipped (disabled)', async () => {
    const { exitCode, report: r } = await report();
    assertAllGreen(r);
    assert.deepEqual(
      r.steps.map((s) => s.id),
      ['tls-assets', 'stack-up', 'zookeeper-quorum', 'schemas-users', 'cockroach-tls', 'cassandra-tls', 'kafka-tls', 'kafka-scram', 'workers', 'telemetry'],
    );
    assert.equal(r.steps.find((s) => s.id === 'cockroach-tls')!.status, 'skipped');
    assert.match(r.steps.find((s) => s.id === 'telemetry')!.detail!, /from this host: .*21 actions/);
    assert.match(r.steps.find((s) => s.id === 'workers')!.detail!, /observer: .*source telemetry-feed/);
    assert.equal(exitCode, 0, 'all green is exit 0');
  });

  test('the workers member: labelled, spec-hashed, restarted by the engine, health-checked, unprivileged, its secrets 0600 files', async () => {
    const info = await inspect(MEMBER);
    assert.equal(info.Config.Labels['org.rocketctl.project'], PROJECT);
    assert.equal(info.Config.Labels['org.rocketctl.service'], 'workers');
    assert.match(info.Config.Labels['org.rocketctl.spec-hash'], /^[0-9a-f]{24}$/);
    assert.equal(info.HostConfig.RestartPolicy.Name, 'unless-stopped');
    assert.equal(info.HostConfig.Init, true);
    assert.equal(info.Config.User, '10001:10001');
    assert.deepEqual(info.Config.Healthcheck.Test.slice(-3), ['workers', 'status', '--live']);
    assert.equal(info.State.Health.Status, 'healthy');
    assert.match(info.Config.Image, /^rocketctl-workers:\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    // The telemetry port published on the bind address, like every other port.
    assert.deepEqual(info.HostConfig.PortBindings['8480/tcp'], [{ HostIp: '127.0.0.1', HostPort: '8480' }]);
    // State on a named volume of the project.
    assert.ok(
      info.Mounts.some(
        (m: { Type: string; Name: string; Destination: string }) =>
          m.Type === 'volume' && m.Name === `${PROJECT}-workers-data` && m.Destination === '/var/lib/rocketctl',
      ),
    );
    // Secrets: a 0600 file of the member's user, holding the workers' secrets and nothing else; never in its env or image.
    const mode = (await docker('exec', MEMBER, 'stat', '-c', '%a %u', '/etc/rocketctl/secrets.env')).stdout;
    assert.equal(mode, '600 10001');
    const names = (await docker('exec', MEMBER, 'sh', '-c', "sed -n 's/=.*//p' /etc/rocketctl/secrets.env")).stdout
      .split('\n')
      .filter((n) => !n.startsWith('#'));
    assert.deepEqual(names.sort(), [
      'KAFKA_GUARD_CONSUMER_PASSWORD',
      'KAFKA_GUARD_PRODUCER_PASSWORD',
      'OBSERVER_ENCRYPTION_KEY',
      'OBSERVER_WRITER_PASSWORD',
      'REPLICATOR_PASSWORD',
    ]);
    const text = JSON.stringify(info) + JSON.stringify(await inspect(info.Config.Image));
    for (const name of ['KAFKA_ADMIN_PASSWORD', 'OBSERVER_WRITER_PASSWORD', 'OBSERVER_ENCRYPTION_KEY', 'POSTGRES_SUPERUSER_PASSWORD']) {
      assert.ok(!text.includes(await secret(name)), `${name} is in the container's or the image's config`);
    }
  });

  test('status, logs and workers status show the member; a worker can be read alone in its log', async () => {
    const status = JSON.parse((await cli('--json', 'status')).stdout) as {
      services: { name: string; state: string; ready: boolean; endpoints: Record<string, string> }[];
    };
    const member = status.services.find((s) => s.name === 'workers')!;
    assert.deepEqual([member.state, member.ready, member.endpoints.http], ['running', true, '127.0.0.1:8480']);
    const workers = JSON.parse((await cli('--json', 'workers', 'status')).stdout) as {
      ok: boolean;
      workers: { name: string; runsIn: string; healthy: boolean }[];
    };
    assert.equal(workers.ok, true);
    assert.deepEqual(
      workers.workers.map((w) => [w.name, w.runsIn, w.healthy]),
      ['telemetry', 'observer', 'listener', 'guard'].map((name) => [name, 'stack', true]),
    );
    // The member writes its workers' lines to its stderr, which `logs` passes on to its own.
    const observerLog = (await cli('logs', 'observer')).stderr.trim().split('\n');
    assert.ok(observerLog.length > 0 && observerLog.every((line) => /^((warning|debug): )?(observer: |[●○] observer )/.test(line)), observerLog.join('\n'));
    assert.ok(observerLog.some((line) => line.startsWith('observer: instance ')));
  });

  test('the foreground and the member never run the same worker at once: each refuses with the way out', async () => {
    const clash = await cli('workers', 'start', 'observer');
    assert.equal(clash.exitCode, 1, clash.stderr);
    assert.match(clash.stderr, /observer already runs in the stack's workers member \(rocketctl-e2e-checklist-workers\)/);
    assert.match(clash.stderr, /workers\.<name>\.enabled: false/);
  });

  test('up again keeps the member; a changed worker setting replaces it; a worker turned off leaves it', async () => {
    const actionOf = async () => {
      const up = await cli('--json', 'up', 'workers');
      assert.equal(up.exitCode, 0, up.stderr);
      return (JSON.parse(up.stdout) as { services: { name: string; action: string }[] }).services.find((s) => s.name === 'workers')!.action;
    };
    assert.equal(await actionOf(), 'kept');
    const configFile = path.join(project.dir, 'rocketctl.config.ts');
    const original = await readFile(configFile, 'utf8');
    try {
      await execa('sed', ['-i', 's/const overrides: any = { workers: {} };/const overrides: any = { workers: { guard: { enabled: false } } };/', configFile]);
      assert.notEqual(await readFile(configFile, 'utf8'), original);
      assert.equal(await actionOf(), 'recreated');
      // The three left become healthy, and the one turned off does not count.
      await workersHealthyWithin(60_000);
      const workers = JSON.parse((await cli('--json', 'workers', 'status')).stdout) as {
        ok: boolean;
        workers: { name: string; state: string; runsIn?: string }[];
      };
      assert.equal(workers.ok, true, 'a disabled worker does not count');
      assert.deepEqual(
        workers.workers.filter((w) => w.runsIn === 'stack').map((w) => w.name),
        ['telemetry', 'observer', 'listener'],
      );
    } finally {
      await execa('sh', ['-c', `cat > ${configFile}`], { input: original });
    }
    assert.equal(await actionOf(), 'recreated');
    await workersHealthyWithin(60_000);
  });

  test('the member stopped by an operator: the workers and telemetry steps are red with `rocketctl up workers`; --resume starts it', async () => {
    await docker('stop', MEMBER);
    const { report: r } = await report();
    assert.deepEqual(red(r).sort(), ['stack-up', 'telemetry', 'workers']);
    assert.equal(r.steps.find((s) => s.id === 'workers')!.fix, 'rocketctl up workers');
    await resumeToGreen();
  });

  test("the member's worker process killed (SIGKILL): healthy again within 10 s, with no rocketctl command", async () => {
    const node = (await docker('top', MEMBER, '-eo', 'pid,args')).stdout
      .split('\n')
      .find((line) => line.includes('rocketctl.js') && line.includes('workers start'))!;
    const pid = Number(node.trim().split(/\s+/)[0]);
    const killed = Date.now();
    process.kill(pid, 'SIGKILL');
    measured['worker process SIGKILL → healthy (s)'] = await workersHealthyWithin(10_000, killed);
  });

  test("the member's container killed (its init, as a crash or the OOM killer would): healthy again within 30 s, no command", async () => {
    const before = (await inspect(MEMBER)).RestartCount;
    const started = Date.now();
    process.kill((await inspect(MEMBER)).State.Pid, 'SIGKILL');
    measured['worker container killed → healthy (s)'] = await workersHealthyWithin(30_000, started);
    assert.equal((await inspect(MEMBER)).RestartCount, before + 1, 'the engine restarted it, once');
  });

  test('a dependency back: the workers reconnect within 30 s of CouchDB restarted, a ZooKeeper peer replaced, Kafka recreated', async () => {
    await docker('restart', `${PROJECT}-couchdb`);
    assert.equal((await cli('up', 'couchdb')).exitCode, 0);
    measured['CouchDB restarted → workers healthy (s)'] = await workersHealthyWithin(30_000);
    await docker('rm', '-f', `${PROJECT}-zookeeper-2`);
    assert.equal((await cli('up', 'zookeeper-2')).exitCode, 0);
    measured['ZooKeeper peer replaced → workers healthy (s)'] = await workersHealthyWithin(30_000);
    await docker('rm', '-f', `${PROJECT}-kafka`);
    assert.equal((await cli('up', 'kafka')).exitCode, 0);
    measured['Kafka recreated → workers healthy (s)'] = await workersHealthyWithin(30_000);
  });

  test('a world-readable Kafka key: --resume re-issues it, recreates Kafka, and judges the workers after they reconnected (exit 0)', async () => {
    await chmod(path.join(project.dir, 'certs/kafka/tls.key'), 0o644);
    const kafkaBefore = (await inspect(`${PROJECT}-kafka`)).Id;
    await resumeToGreen();
    assert.notEqual((await inspect(`${PROJECT}-kafka`)).Id, kafkaBefore, 'Kafka was recreated with the new key');
  });

  test('a deleted service key: only tls-assets is red, with `certs gen`; --resume re-issues it and recreates the service', async () => {
    await rm(path.join(project.dir, 'certs/postgres/server.key'));
    const { report: r } = await report();
    assert.deepEqual(red(r), ['tls-assets']);
    const step = r.steps.find((s) => s.id === 'tls-assets')!;
    assert.match(step.cause!, /postgres: missing/);
    assert.equal(step.fix, 'rocketctl certs gen');
    const before = (await execa('docker', ['inspect', '-f', '{{.Id}}', `${PROJECT}-postgres`])).stdout;
    await resumeToGreen();
    assert.notEqual((await execa('docker', ['inspect', '-f', '{{.Id}}', `${PROJECT}-postgres`])).stdout, before, 'postgres got the new certificate');
  });

  test('two ZooKeeper peers stopped: the quorum (and what needs it) is red, naming the peer that answers; --resume brings them back', async () => {
    await execa('docker', ['stop', '-t', '1', `${PROJECT}-zookeeper-2`, `${PROJECT}-zookeeper-3`]);
    const { report: r } = await report();
    assert.ok(red(r).includes('zookeeper-quorum') && red(r).includes('stack-up'), red(r).join());
    assert.ok(!red(r).includes('tls-assets') && !red(r).includes('schemas-users') && !red(r).includes('cassandra-tls'), red(r).join());
    assert.match(
      r.steps.find((s) => s.id === 'zookeeper-quorum')!.cause!,
      /no quorum: zookeeper-1 (not-serving|does not answer), zookeeper-2 does not answer, zookeeper-3 does not answer/,
    );
    await resumeToGreen();
  });

  test('a dropped grant: only schemas-users is red, with `seed`; --resume puts the grant back', async () => {
    const password = (await cli('secrets', 'get', 'POSTGRES_SUPERUSER_PASSWORD')).stdout.trim();
    const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
    const endpoint = { host: '127.0.0.1', port: 25432 + OFFSET, ca, servername: 'postgres' };
    await sqlOnce(endpoint, 'postgres', password, 'telemetry', 'REVOKE SELECT ON telemetry_events FROM replicator');
    const { report: r } = await report();
    assert.deepEqual(red(r), ['schemas-users']);
    assert.match(r.steps.find((s) => s.id === 'schemas-users')!.cause!, /postgres: replicator lacks SELECT on telemetry_events/);
    assert.equal(r.steps.find((s) => s.id === 'schemas-users')!.fix, 'rocketctl seed');
    await resumeToGreen();
  });

  test('a deleted SCRAM znode: only kafka-scram is red, with the kafka commands; --resume writes it again', async () => {
    const zk = await connectRaw(`127.0.0.1:${22181 + OFFSET}`);
    try {
      await zk.remove('/config/users/guard-producer');
    } finally {
      zk.close();
    }
    const { report: r } = await report();
    assert.deepEqual(red(r), ['kafka-scram']);
    assert.match(r.steps.find((s) => s.id === 'kafka-scram')!.cause!, /no SCRAM-SHA-512 credential for guard-producer/);
    await resumeToGreen();
  });

  test('Kafka stopped: stack-up, kafka-tls, kafka-scram (and the workers that use Kafka) are red, nothing else; --resume starts it', async () => {
    await execa('docker', ['stop', `${PROJECT}-kafka`]);
    const { report: r } = await report();
    assert.deepEqual(
      red(r)
        .filter((id) => id !== 'workers')
        .sort(),
      ['kafka-scram', 'kafka-tls', 'stack-up'],
    );
    assert.equal(r.steps.find((s) => s.id === 'kafka-tls')!.fix, 'rocketctl up kafka');
    await resumeToGreen();
  });

  test('Cassandra stopped: stack-up, schemas-users and cassandra-tls are red; --resume starts it', async () => {
    await execa('docker', ['stop', `${PROJECT}-cassandra`]);
    const { report: r } = await report();
    assert.deepEqual(red(r).sort(), ['cassandra-tls', 'schemas-users', 'stack-up']);
    await resumeToGreen();
  });

  test("no observer document lost through all of the above: CouchDB's ids contiguous, every one on security-guard-feed", async () => {
    const admin = `admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`;
    const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
    const all = await httpsRequest(`127.0.0.1:${26984 + OFFSET}`, { ca, servername: 'couchdb', path: '/telemetry/_all_docs', auth: admin });
    const ids = (all.body.rows as { id: string }[]).map((r) => r.id).filter((id) => id.startsWith('obs-'));
    const byInstance = new Map<string, number[]>();
    for (const id of ids) {
      const [, instance, n] = /^obs-([0-9a-f]+)-(\d+)$/.exec(id)!;
      byInstance.set(instance!, [...(byInstance.get(instance!) ?? []), Number(n)]);
    }
    assert.equal(byInstance.size, 1, "one observer instance, kept on the member's volume across every restart");
    const numbers = [...byInstance.values()][0]!.sort((a, b) => a - b);
    assert.ok(numbers.length > 500, `${numbers.length} documents`);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i),
      'ids contiguous from 0',
    );
    await retry(
      async () => {
        const missing = feed!.missing(ids);
        if (missing.length > 0) throw new Error(`${missing.length} not on the feed yet, e.g. ${missing[0]}`);
      },
      { timeoutMs: 60_000, intervalMs: 1000, onGiveUp: (error) => error as Error },
    );
    measured['observer documents checked'] = ids.length;
  });

  test('--resume on a green stack re-applies nothing; --only and --from; --junit; a bad step id is exit 2', async () => {
    const resumed = await report('--resume');
    assert.ok(
      resumed.report.steps.every((s) => s.action === 'checked'),
      JSON.stringify(resumed.report.steps.map((s) => s.action)),
    );
    const only = await report('--only', 'kafka-tls');
    assert.deepEqual(
      only.report.steps.map((s) => [s.id, s.status]),
      [['kafka-tls', 'ok']],
    );
    assert.equal(only.exitCode, 0);
    const from = await report('--from', 'kafka-scram');
    assert.deepEqual(
      from.report.steps.map((s) => s.id),
      ['kafka-scram', 'workers', 'telemetry'],
    );
    assert.equal(from.report.steps[0]!.status, 'ok');
    const junitFile = path.join(project.dir, 'checklist.xml');
    await cli('checklist', '--junit', junitFile);
    // cockroach-tls: Cockroach is disabled in the lab.
    const skipped = 1;
    assert.match(await readFile(junitFile, 'utf8'), new RegExp(`<testsuite name="rocketctl checklist" tests="10" failures="0" skipped="${skipped}"`));
    const bad = await cli('checklist', '--only', 'nope');
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--only: unknown step "nope"/);
  });

  test('the Docker engine restarted (as by a reboot): every member back and the checklist green with no rocketctl command', async () => {
    await feed?.close();
    feed = undefined;
    const started = Date.now();
    await restartDockerEngine();
    measured['engine back (s)'] = (Date.now() - started) / 1000;
    await retry(
      async () => {
        const { exitCode, report: r } = await report();
        if (exitCode !== 0) throw new Error(JSON.stringify(r.steps.filter((s) => s.status === 'failed').map((s) => [s.id, s.cause])));
      },
      { timeoutMs: 240_000, intervalMs: 3_000, onGiveUp: (error) => error as Error },
    );
    measured['engine restarted → checklist green (s)'] = (Date.now() - started) / 1000;
  });
});
