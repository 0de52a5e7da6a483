import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../commands/context.js';
import { loadConfig } from '../config/load.js';
import { silentLogger } from '../shared/log.js';
import { junitReport } from './junit.js';
import { isGreen } from './report.js';
import { resumeSteps } from './resume.js';
import type { ChecklistStep, CheckOutcome } from './step.js';
import type { StepId } from './steps.js';

// The steps here are synthetic (their subjects are flags in memory): what is tested is the resume order,
// the ledger and the "unchanged since green" rule. The real steps are tested against the lab in test/e2e.
let dir: string;
let context: CommandContext;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-checklist-'));
  await writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig({});\n`);
  await mkdir(path.join(dir, 'certs'), { recursive: true });
  context = { config: await loadConfig({ cwd: dir, env: {} }), env: {}, signal: new AbortController().signal, log: silentLogger };
});
after(() => rm(dir, { recursive: true, force: true }));

function fakeStep(id: StepId, state: { healthy: boolean; repairable?: boolean; applied: number }): ChecklistStep<StepId> {
  return {
    id,
    title: id,
    inputs: ['certificates'],
    check: async (): Promise<CheckOutcome> => (state.healthy ? { status: 'ok' } : { status: 'failed', cause: `${id} broken` }),
    fix: {
      command: `fix ${id}`,
      apply: async () => {
        state.applied++;
        if (state.repairable !== false) state.healthy = true;
      },
    },
  };
}

test('from the first failing step on, in order: failed steps are repaired, green ones with unchanged inputs are left alone', async () => {
  const a = { healthy: true, applied: 0 };
  const b = { healthy: true, applied: 0 };
  const c = { healthy: true, applied: 0 };
  const steps = [fakeStep('tls-assets', a), fakeStep('stack-up', b), fakeStep('zookeeper-quorum', c)];
  const first = await resumeSteps(context, steps);
  assert.deepEqual(
    first.map((r) => [r.id, r.status, r.action]),
    [
      ['tls-assets', 'ok', 'checked'],
      ['stack-up', 'ok', 'checked'],
      ['zookeeper-quorum', 'ok', 'checked'],
    ],
  );
  b.healthy = false;
  const second = await resumeSteps(context, steps);
  assert.deepEqual(
    second.map((r) => [r.id, r.status, r.action]),
    [
      ['tls-assets', 'ok', 'checked'],
      ['stack-up', 'ok', 'applied'],
      ['zookeeper-quorum', 'ok', 'unchanged'],
    ],
  );
  assert.deepEqual([a.applied, b.applied, c.applied], [0, 1, 0]);
  const ledger = JSON.parse(await readFile(path.join(dir, '.rocketctl', 'checklist.json'), 'utf8')) as {
    version: number;
    steps: Record<string, { status: string; greenInputHash?: string }>;
  };
  assert.equal(ledger.version, 1);
  assert.deepEqual(
    Object.values(ledger.steps).map((s) => s.status),
    ['ok', 'ok', 'ok'],
  );
});

test('a green step after the first failing one is re-applied when its inputs changed since it was last green', async () => {
  const a = { healthy: false, applied: 0 };
  const b = { healthy: true, applied: 0 };
  const steps = [fakeStep('tls-assets', a), fakeStep('stack-up', b)];
  await writeFile(path.join(dir, 'certs', 'changed.crt'), `${Date.now()}`);
  const reports = await resumeSteps(context, steps);
  assert.deepEqual(
    reports.map((r) => r.action),
    ['applied', 'applied'],
  );
  assert.deepEqual([a.applied, b.applied], [1, 1]);
});

test('a passing step the ledger has never seen green is taken as it is (a first run re-applies nothing that passes)', async () => {
  await rm(path.join(dir, '.rocketctl', 'checklist.json'));
  const a = { healthy: false, applied: 0 };
  const b = { healthy: true, applied: 0 };
  const reports = await resumeSteps(context, [fakeStep('tls-assets', a), fakeStep('telemetry', b)]);
  assert.deepEqual(
    reports.map((r) => r.action),
    ['applied', 'unchanged'],
  );
  assert.deepEqual([a.applied, b.applied], [1, 0]);
});

test('a fix that does not make its step green stops the repair: later steps are only reported; exit is not green', async () => {
  const a = { healthy: false, repairable: false, applied: 0 };
  const b = { healthy: false, applied: 0 };
  const reports = await resumeSteps(context, [fakeStep('tls-assets', a), fakeStep('stack-up', b)]);
  assert.deepEqual(
    reports.map((r) => [r.status, r.action, r.fix]),
    [
      ['failed', 'applied', 'fix tls-assets'],
      ['failed', 'not-reached', 'fix stack-up'],
    ],
  );
  assert.equal(b.applied, 0);
  assert.equal(isGreen(reports), false);
});

test('JUnit: a testcase per step, failures with the fix, skipped as skipped, XML escaped', () => {
  const xml = junitReport([
    { id: 'tls-assets', title: 'TLS <material>', status: 'ok', seconds: 0.1 },
    { id: 'stack-up', title: 'stack', status: 'failed', seconds: 1.5, cause: 'kafka: stopped & "gone"', fix: 'rocketctl up' },
    { id: 'workers', title: 'workers', status: 'skipped', seconds: 0, cause: 'disabled in the config' },
  ]);
  assert.match(xml, /<testsuite name="rocketctl checklist" tests="3" failures="1" skipped="1" time="1\.600">/);
  assert.match(xml, /name="tls-assets: TLS &lt;material&gt;"/);
  assert.match(xml, /<failure message="kafka: stopped &amp; &quot;gone&quot;">fix: rocketctl up<\/failure>/);
  assert.match(xml, /<skipped message="skipped: disabled in the config"\/>/);
  assert.ok(isGreen([{ id: 'cockroach-tls', title: '', status: 'skipped', seconds: 0 }]));
});
