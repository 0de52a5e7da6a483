import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Docker from 'dockerode';
import { LABEL } from '../../src/docker/labels.js';
import { BASE_IMAGE } from '../lab/lab-images.js';
import { rocketctl } from '../support/cli.js';
import { startFakeEngine } from '../support/fake-engine.js';
import { freePort } from '../support/free-port.js';
import { changedFiles, createTempProject, hashTree } from '../support/temp-project.js';

interface Report {
  ok: boolean;
  checks: { id: string; status: 'ok' | 'warn' | 'fail'; detail: string; fix?: string }[];
}

const parse = (stdout: string): Report => JSON.parse(stdout) as Report;
const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!;
const consistent = (report: Report, exitCode: number) => {
  assert.equal(report.ok, !report.checks.some((c) => c.status === 'fail'));
  assert.equal(exitCode, report.ok ? 0 : 1, JSON.stringify(report.checks.filter((c) => c.status === 'fail')));
};

describe('doctor against the real engine, no stack needed', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let port: number;
  // Only postgres is published, on a port free now, so the ports line is about what this test does.
  const config = (p: number) =>
    `{ project: 'doctore2e', services: { 'zookeeper-1': { enabled: false }, 'zookeeper-2': { enabled: false }, 'zookeeper-3': { enabled: false }, kafka: { enabled: false }, cockroach: { enabled: false }, cassandra: { enabled: false }, couchdb: { enabled: false }, postgres: { ports: { sql: ${p} } } }, workers: { telemetry: { enabled: false }, observer: { enabled: false }, listener: { enabled: false }, guard: { enabled: false } } }`;
  before(async () => {
    port = await freePort();
    project = await createTempProject(config(port));
  });
  after(() => project.cleanup());

  test('an empty project: the engine answers, certificates and secrets are "not generated yet", nothing is written, exit code as the checks say', async () => {
    const before = await hashTree(project.dir);
    const result = await rocketctl(['doctor', '--json'], { cwd: project.dir });
    const report = parse(result.stdout);
    assert.deepEqual(
      report.checks.map((c) => c.id),
      ['node', 'engine', 'docker-socket', 'ports', 'ephemeral-ports', 'images', 'disk', 'clock', 'certs', 'secret-files', 'vm.max_map_count'],
    );
    assert.equal(check(report, 'engine').status, 'ok', check(report, 'engine').detail);
    assert.match(check(report, 'engine').detail, /^Docker \S+ \(API \d+\.\d+\) at /);
    assert.deepEqual(check(report, 'certs'), {
      id: 'certs',
      status: 'warn',
      detail: 'not generated yet',
      fix: 'run `rocketctl certs gen` (or `rocketctl up`, which makes them)',
    });
    assert.match(check(report, 'secret-files').detail, /secrets\.env: not generated yet/);
    assert.equal(check(report, 'ports').status, 'ok', check(report, 'ports').detail);
    assert.equal(check(report, 'clock').status, 'ok', check(report, 'clock').detail);
    consistent(report, result.exitCode);
    assert.deepEqual(changedFiles(before, await hashTree(project.dir)), [], 'doctor wrote into the project');

    const human = await rocketctl(['doctor'], { cwd: project.dir });
    assert.equal(human.exitCode, result.exitCode);
    assert.match(human.stdout, /^✔ +engine +Docker /m);
    assert.match(human.stdout, /^! +certs +not generated yet — fix: run `rocketctl certs gen`/m);
    assert.match(human.stdout, /^doctor: \d+ ok, \d+ warn, \d+ fail$/m);
  });

  test("a published port held by this project's own container is fine; held by another project's, it fails naming the container", async () => {
    const docker = new Docker();
    for (const [owner, expected] of [
      ['doctore2e', 'ok'],
      ['someone-else', 'fail'],
    ] as const) {
      const name = `rocketctl-doctor-e2e-${owner}`;
      await docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
      const container = await docker.createContainer({
        name,
        Image: BASE_IMAGE,
        Cmd: ['sleep', '120'],
        Labels: { [LABEL.project]: owner, [LABEL.service]: 'postgres' },
        ExposedPorts: { '5432/tcp': {} },
        HostConfig: { PortBindings: { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
      });
      try {
        await container.start();
        const result = await rocketctl(['doctor', '--json'], { cwd: project.dir });
        const report = parse(result.stdout);
        const ports = check(report, 'ports');
        assert.equal(ports.status, expected, ports.detail);
        if (expected === 'ok') assert.match(ports.detail, /held by this project \(1\)/);
        else {
          assert.equal(ports.detail, `${port} (postgres sql) is published by container ${name}`);
          assert.match(ports.fix!, /services\.postgres\.ports\.sql/);
        }
        consistent(report, result.exitCode);
      } finally {
        await container.remove({ force: true });
      }
    }
  });

  test('an engine that never answers: the engine line fails within its deadline with the fix, every other check still runs, exit 1', async () => {
    const engine = await startFakeEngine('silent');
    try {
      const started = Date.now();
      const result = await rocketctl(['doctor', '--json'], { cwd: project.dir, env: { DOCKER_HOST: engine.dockerHost } });
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      const report = parse(result.stdout);
      assert.equal(report.checks.length, 11);
      assert.equal(check(report, 'engine').status, 'fail');
      assert.match(check(report, 'engine').detail, /did not answer/);
      assert.ok(check(report, 'engine').fix);
      assert.equal(check(report, 'images').status, 'warn');
      assert.equal(check(report, 'certs').detail, 'not generated yet');
      assert.equal(result.exitCode, 1);
      consistent(report, result.exitCode);
    } finally {
      await engine.close();
    }
  });
});
