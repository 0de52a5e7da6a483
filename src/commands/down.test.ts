import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeProject, type FakeProject } from '../../test/support/fakes/fake-project.js';
import { UsageError } from '../shared/errors.js';
import { down } from './down.js';
import { up } from './up.js';

describe('down, against a fake engine', () => {
  let project: FakeProject;
  before(async () => {
    project = await createFakeProject(
      `{ project: 'unitdown', services: { kafka: { enabled: false }, cockroach: { enabled: false }, cassandra: { enabled: false } } }`,
    );
    await up(await project.context());
  });
  after(() => project.cleanup());

  test('--volumes with no terminal and no --yes, or not confirmed: refused, nothing removed', async () => {
    await assert.rejects(down(await project.context(), { volumes: true }), (e: unknown) => e instanceof UsageError && /pass --yes/.test(e.hint!));
    const asked: string[] = [];
    await assert.rejects(
      down(await project.context(), { volumes: true, confirm: async (q) => (asked.push(q), false) }),
      (e: unknown) => e instanceof UsageError && /not confirmed: nothing was removed/.test(e.message),
    );
    assert.match(asked[0]!, /^delete 6 data volume\(s\) of project unitdown \(fake-couchdb-data, .*\)\? all their data is lost \[y\/N\] $/);
    assert.ok(!project.stack.calls.some((c) => c.startsWith('remove')));
    assert.equal(project.stack.containers.size, 6);
  });

  test('down keeps the data volumes; down --volumes --yes deletes them', async () => {
    const kept = await down(await project.context(), {});
    assert.equal(kept.containers.length, 6);
    assert.deepEqual(kept.volumesRemoved, []);
    assert.equal(kept.volumesKept.length, 6);
    await up(await project.context());
    const removed = await down(await project.context(), { volumes: true, yes: true });
    assert.equal(removed.volumesRemoved.length, 6);
    assert.equal(project.stack.volumes.size, 0);
  });
});
