import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createFakeProject, type FakeProject } from '../../test/support/fakes/fake-project.js';
import { checklist } from '../commands/checklist.js';
import { up } from '../commands/up.js';

// The real stack-up step (its check is `status`'s probes, its fix is `up`) over a fake engine: the resume
// logic repairs a stopped container without Docker. What each probe meets is said in the fake.
describe('checklist --resume over a fake engine: the stack-up step', () => {
  let project: FakeProject;
  before(async () => {
    project = await createFakeProject(`{ project: 'unitresume', services: { kafka: { enabled: false }, cockroach: { enabled: false } } }`);
    await up(await project.context());
  });
  after(() => project.cleanup());

  test('verify only: a stopped container fails the step, names it and its fix, and changes nothing', async () => {
    project.stack.containers.get('postgres')!.state = 'stopped';
    const report = await checklist(await project.context(), { only: 'stack-up' });
    assert.equal(report.ok, false);
    assert.deepEqual([report.steps[0]!.status, report.steps[0]!.fix], ['failed', 'rocketctl up']);
    assert.match(report.steps[0]!.cause!, /^postgres: stopped \(exited, exit code 137\)$/);
    assert.equal(project.stack.containers.get('postgres')!.state, 'stopped');
  });

  test('--resume: the step is repaired by its fix (up starts the container), checked again, and the ledger says green', async () => {
    const report = await checklist(await project.context(), { resume: true, only: 'stack-up' });
    assert.equal(report.ok, true, JSON.stringify(report.steps));
    assert.deepEqual([report.steps[0]!.status, report.steps[0]!.action], ['ok', 'applied']);
    assert.equal(project.stack.containers.get('postgres')!.state, 'running');
    const ledger = JSON.parse(await readFile(path.join(project.dir, '.rocketctl', 'checklist.json'), 'utf8'));
    assert.equal(ledger.steps['stack-up'].status, 'ok');
  });

  test('--resume again with nothing broken: only checked, and no container started', async () => {
    const starts = project.stack.calls.filter((c) => c.startsWith('start')).length;
    const report = await checklist(await project.context(), { resume: true, only: 'stack-up' });
    assert.deepEqual([report.steps[0]!.status, report.steps[0]!.action], ['ok', 'checked']);
    assert.equal(project.stack.calls.filter((c) => c.startsWith('start')).length, starts);
  });

  test('--resume when the fix cannot help (a probe keeps failing): failed with the cause, exit code 1 for the CLI', async () => {
    project.stack.probeFailures.couchdb = new Error('certificate verify failed');
    const report = await checklist(await project.context(), { resume: true, only: 'stack-up' });
    assert.equal(report.ok, false);
    assert.deepEqual([report.steps[0]!.status, report.steps[0]!.action], ['failed', 'applied']);
    assert.match(report.steps[0]!.cause!, /couchdb: unhealthy \(certificate verify failed\)/);
    delete project.stack.probeFailures.couchdb;
  });
});
