import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { createFakeProject, type FakeProject } from '../../test/support/fakes/fake-project.js';
import { status } from './status.js';
import { up } from './up.js';

describe('status, against a fake engine', () => {
  let project: FakeProject;
  before(async () => {
    project = await createFakeProject(`{ project: 'unitstatus', services: { kafka: { enabled: false }, cockroach: { enabled: false } } }`);
  });
  after(() => project.cleanup());

  test('before up: every enabled service missing, not ok, and nothing written (a read command)', async () => {
    const result = await status(await project.context());
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.services.map((s) => [s.name, s.state, s.ready]),
      ['zookeeper-1', 'zookeeper-2', 'zookeeper-3', 'cassandra', 'postgres', 'couchdb', 'workers'].map((n) => [n, 'missing', false]),
    );
    assert.deepEqual(await readdir(project.dir), ['rocketctl.config.ts']);
  });

  test('after up: every service running and ready (probed), endpoints as published, ok', async () => {
    await up(await project.context());
    const result = await status(await project.context());
    assert.equal(result.ok, true, JSON.stringify(result.services));
    const postgres = result.services.find((s) => s.name === 'postgres')!;
    assert.deepEqual([postgres.state, postgres.ready, postgres.endpoints], ['running', true, { sql: '127.0.0.1:5432' }]);
    assert.match(result.services.find((s) => s.name === 'zookeeper-1')!.detail, /Mode: follower/);
  });

  test('a stopped container and a failing probe: each shown for what it is, the rest ready, not ok', async () => {
    project.stack.containers.get('cassandra')!.state = 'stopped';
    project.stack.probeFailures.couchdb = new Error('connect ECONNREFUSED 127.0.0.1:6984\n    at TCPConnectWrap.afterConnect');
    const result = await status(await project.context());
    const byName = Object.fromEntries(result.services.map((s) => [s.name, s]));
    assert.equal(result.ok, false);
    assert.deepEqual([byName.cassandra!.state, byName.cassandra!.ready, byName.cassandra!.detail], ['stopped', false, 'exited, exit code 137']);
    assert.deepEqual([byName.couchdb!.state, byName.couchdb!.ready, byName.couchdb!.detail], ['unhealthy', false, 'connect ECONNREFUSED 127.0.0.1:6984']);
    assert.deepEqual([byName.postgres!.state, byName.postgres!.ready], ['running', true]);
    project.stack.containers.get('cassandra')!.state = 'running';
    delete project.stack.probeFailures.couchdb;
  });

  test('without the secrets file no probe can be trusted: running services are unhealthy with the way out', async () => {
    const secrets = path.join(project.dir, '.rocketctl', 'secrets.env');
    await rename(secrets, `${secrets}.away`);
    try {
      const result = await status(await project.context());
      assert.equal(result.ok, false);
      for (const service of result.services) {
        assert.equal(service.state, 'unhealthy', service.name);
        assert.match(service.detail, /secrets file missing: run rocketctl up \(or restore \.rocketctl\/secrets\.env\)/);
      }
    } finally {
      await rename(`${secrets}.away`, secrets);
    }
  });
});
