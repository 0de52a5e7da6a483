import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFakeProject } from '../../test/support/fakes/fake-project.js';
import { writeRuntimeFile } from '../workers/runtime-file.js';
import { workersStatus } from './workers-status.js';

// The member's view of itself (runsIn stack): its own runtime files, written as a worker in another pid namespace
// would (judged by the heartbeat alone), one running but still waiting for its Kafka credentials.
test('workers status: a running worker still waiting for the stack fails the health question but passes --live; a stale one fails both', async () => {
  const project = await createFakeProject(
    `{ runsIn: 'stack', workers: { telemetry: { enabled: false }, observer: { enabled: false }, guard: { enabled: false } } }`,
  );
  try {
    const context = await project.context();
    const now = new Date().toISOString();
    const waiting = { healthy: false, detail: 'not started: Kafka refused the login of guard-producer; trying again in 4 s' };
    await writeRuntimeFile(context.config.workersDir, {
      name: 'listener',
      pid: 4242,
      pidNamespace: 'pid:[1]',
      startedAt: now,
      heartbeatAt: now,
      endpoint: null,
      health: waiting,
    });

    const health = await workersStatus(context, { names: [] });
    assert.equal(health.workers.find((w) => w.name === 'listener')?.state, 'running');
    assert.equal(health.ok, false, 'health: waiting is not healthy');
    assert.equal((await workersStatus(context, { names: [], live: true })).ok, true, 'liveness: it runs, a restart would not help');

    const old = new Date(Date.now() - 60_000).toISOString();
    await writeRuntimeFile(context.config.workersDir, {
      name: 'listener',
      pid: 4242,
      pidNamespace: 'pid:[1]',
      startedAt: old,
      heartbeatAt: old,
      endpoint: null,
      health: waiting,
    });
    const hung = await workersStatus(context, { names: [], live: true });
    assert.equal(hung.workers.find((w) => w.name === 'listener')?.state, 'stale');
    assert.equal(hung.ok, false, 'liveness: no heartbeat is what a restart fixes');
  } finally {
    await project.cleanup();
  }
});
