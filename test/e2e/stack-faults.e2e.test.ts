import { retry } from '../../src/shared/retry.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { rocketctl, startRocketctl } from '../support/cli.js';
import { containerIds, createLabProject } from '../support/lab-project.js';

describe('up: faults are found early, reported with the cause, and recoverable', () => {
  test('a busy host port: exit 1 before any container exists, naming the holder', async () => {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const { port } = holder.address() as net.AddressInfo;
    const project = await createLabProject('rocketctl-e2e-busy', `{ services: { postgres: { ports: { sql: ${port} } } } }`).catch((error: unknown) => {
      holder.close();
      throw error;
    });
    try {
      const result = await rocketctl(['up', 'postgres'], { cwd: project.dir });
      assert.equal(result.exitCode, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${port} \\(postgres sql\\) is in use by node \\(pid ${process.pid}\\)`));
      assert.match(result.stderr, /nothing was created/);
      assert.deepEqual(await containerIds('rocketctl-e2e-busy'), {});
    } finally {
      holder.close();
      await project.cleanup();
    }
  });

  test('a container that dies while starting fails the wait in seconds, with its last log lines', async () => {
    const command = `['bash', '-c', 'echo rocketctl-test-boom >&2; exit 3']`;
    const project = await createLabProject('rocketctl-e2e-dies', `{ services: { postgres: { profile: { command: ${command} } } } }`);
    try {
      const started = Date.now();
      const result = await rocketctl(['up', 'postgres'], { cwd: project.dir });
      const seconds = (Date.now() - started) / 1000;
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /postgres (exited with code 3|restarted) while starting/);
      assert.match(result.stderr, /rocketctl-test-boom/);
      assert.ok(seconds < 30, `failed after ${seconds} s; the readiness timeout is 90 s`);
    } finally {
      await project.cleanup();
    }
  });

  test('Ctrl-C during up: exit 130; the next up converges', async () => {
    const project = await createLabProject('rocketctl-e2e-sigint');
    try {
      const child = startRocketctl(['up', 'postgres', 'cassandra'], { cwd: project.dir });
      // Interrupt once containers are being waited on.
      await retry(
        async () => {
          if (Object.keys(await containerIds('rocketctl-e2e-sigint')).length < 2) throw new Error('containers not created yet');
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      child.signal('SIGINT');
      assert.equal((await child.exited).code, 130, child.stderr);
      const again = await rocketctl(['up', 'postgres', 'cassandra'], { cwd: project.dir });
      assert.equal(again.exitCode, 0, again.stderr);
      const status = await rocketctl(['status', '--json'], { cwd: project.dir });
      const services = (JSON.parse(status.stdout) as { services: Array<{ name: string; ready: boolean }> }).services;
      assert.deepEqual(
        services
          .filter((s) => s.ready)
          .map((s) => s.name)
          .sort(),
        ['cassandra', 'postgres'],
      );
    } finally {
      await project.cleanup();
    }
  });
});
