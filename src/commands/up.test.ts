import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createFakeProject, type FakeProject } from '../../test/support/fakes/fake-project.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { up } from './up.js';

// Kafka is off: its beforeStart writes its credential to a real ZooKeeper (covered by the lab tests).
const CONFIG = `{ project: 'unitup', services: { kafka: { enabled: false } } }`;
const EXPECTED = ['zookeeper-1', 'zookeeper-2', 'zookeeper-3', 'cockroach', 'cassandra', 'postgres', 'couchdb', 'workers'];

describe('up, against a fake engine', () => {
  let project: FakeProject;
  before(async () => {
    project = await createFakeProject(CONFIG);
  });
  after(() => project.cleanup());

  test('a refused preflight stops up before anything is written', async () => {
    project.stack.preflightFailure = new OperationError('127.0.0.1:5432 (postgres sql) is in use by another process');
    await assert.rejects(up(await project.context()), /is in use by another process/);
    project.stack.preflightFailure = null;
    assert.deepEqual((await readdir(project.dir)).sort(), ['rocketctl.config.ts']);
    assert.deepEqual(project.stack.calls, ['preflight zookeeper-1,zookeeper-2,zookeeper-3,cockroach,cassandra,postgres,couchdb,workers']);
  });

  test('an unknown or disabled service is a usage error before the engine is asked', async () => {
    const calls = project.stack.calls.length;
    await assert.rejects(
      up(await project.context(), { services: ['postgress'] }),
      (e: unknown) => e instanceof UsageError && /unknown service "postgress"/.test(e.message),
    );
    await assert.rejects(up(await project.context(), { services: ['kafka'] }), (e: unknown) => e instanceof UsageError && /kafka is disabled/.test(e.message));
    assert.equal(project.stack.calls.length, calls);
  });

  test('a fresh project: secrets (0600) and certificates made, every enabled service created and ready, in list order', async () => {
    const result = await up(await project.context());
    assert.deepEqual(
      result.services.map((s) => [s.name, s.action]),
      EXPECTED.map((name) => [name, 'created']),
    );
    assert.equal((await stat(path.join(project.dir, '.rocketctl', 'secrets.env'))).mode & 0o777, 0o600);
    await access(path.join(project.dir, 'certs', 'ca', 'ca.crt'));
    assert.ok(project.stack.calls.indexOf('network') < project.stack.calls.indexOf('start zookeeper-1'), 'the network before any container');
  });

  test('run again: every service kept, nothing recreated', async () => {
    const result = await up(await project.context());
    assert.deepEqual(
      result.services.map((s) => s.action),
      EXPECTED.map(() => 'kept'),
    );
    assert.ok([...project.stack.containers.values()].every((c) => c.created === 1));
  });

  test('a stopped container is started; a changed config recreates only the service it changes', async () => {
    project.stack.containers.get('cassandra')!.state = 'stopped';
    await project.writeConfig(`{ project: 'unitup', services: { kafka: { enabled: false }, postgres: { profile: { env: { TZ: 'UTC' } } } } }`);
    const result = await up(await project.context());
    const actions = Object.fromEntries(result.services.map((s) => [s.name, s.action]));
    assert.equal(actions.cassandra, 'started');
    assert.equal(actions.postgres, 'recreated');
    assert.deepEqual(
      Object.entries(actions)
        .filter(([, a]) => a !== 'kept')
        .map(([n]) => n)
        .sort(),
      ['cassandra', 'postgres'],
    );
  });

  test('up SERVICE brings that service only; a ZooKeeper peer brings its ensemble', async () => {
    const mark = project.stack.calls.length;
    const one = await up(await project.context(), { services: ['couchdb'] });
    assert.deepEqual(
      one.services.map((s) => s.name),
      ['couchdb'],
    );
    const peers = await up(await project.context(), { services: ['zookeeper-2'] });
    assert.deepEqual(
      peers.services.map((s) => s.name),
      ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'],
    );
    assert.deepEqual(
      project.stack.calls.slice(mark).filter((c) => c.startsWith('start ')),
      ['start couchdb', 'start zookeeper-1', 'start zookeeper-2', 'start zookeeper-3'],
    );
  });

  test('a service that never becomes ready fails up, named with its reason and the fix; the others are ready', async () => {
    project.stack.readiness.postgres = new Error('postgres: password authentication failed for user "postgres"');
    try {
      await assert.rejects(up(await project.context()), (error: unknown) => {
        assert.ok(error instanceof OperationError);
        assert.match(error.message, /^not ready: postgres\n {2}- postgres: password authentication failed/);
        assert.match(error.hint!, /run `rocketctl up` again: what is ready is kept/);
        return true;
      });
    } finally {
      delete project.stack.readiness.postgres;
    }
  });
});
