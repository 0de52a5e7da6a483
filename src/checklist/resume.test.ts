import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../commands/context.js';
import { loadConfig } from '../config/load.js';
import { createManualClock } from '../shared/clock.js';
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

test('on an all-green stack, a step whose inputs changed since it was last green is re-applied; the steps before it are only checked', async () => {
  const a = { healthy: true, applied: 0 };
  const b = { healthy: true, applied: 0 };
  const steps = [{ ...fakeStep('tls-assets', a), inputs: ['config'] as const }, fakeStep('stack-up', b)];
  await rm(path.join(dir, '.rocketctl', 'checklist.json'), { force: true });
  await resumeSteps(context, steps);
  await writeFile(path.join(dir, 'certs', 'changed-again.crt'), `${Date.now()}`);
  const reports = await resumeSteps(context, steps);
  assert.deepEqual(
    reports.map((r) => [r.id, r.action]),
    [
      ['tls-assets', 'checked'],
      ['stack-up', 'applied'],
    ],
  );
  assert.deepEqual([a.applied, b.applied], [0, 1]);
  const again = await resumeSteps(context, steps);
  assert.deepEqual(
    again.map((r) => r.action),
    ['checked', 'checked'],
    'applied once: the new inputs are recorded green',
  );
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

test('after a repair, a failing later step is re-checked within its settle time before it is judged (a fake clock)', async () => {
  const clock = createManualClock(1_000_000);
  const lines: string[] = [];
  const settleContext = { ...context, clock, log: { ...silentLogger, info: (line: string) => void lines.push(line) } };
  const broker = { healthy: false, applied: 0 };
  // The dependent comes back on its own after three more checks (clients reconnecting), never through its fix.
  let checksUntilBack = 3;
  const dependent: ChecklistStep<StepId> = {
    ...fakeStep('kafka-scram', { healthy: false, applied: 0 }),
    settleMs: 30_000,
    check: async () =>
      broker.applied > 0 && checksUntilBack-- <= 0 ? { status: 'ok' } : { status: 'failed', cause: 'Broker -1 not found in the cached metadata' },
  };
  const running = resumeSteps(settleContext, [fakeStep('stack-up', broker), dependent]);
  const reports = await untilSettled(clock, running);
  assert.deepEqual(
    reports.map((r) => [r.id, r.status, r.action]),
    [
      ['stack-up', 'ok', 'applied'],
      ['kafka-scram', 'ok', 'unchanged'],
    ],
  );
  assert.match(
    lines.join('\n'),
    /kafka-scram: Broker -1 not found in the cached metadata; `fix stack-up` just repaired what it depends on: re-checking every 2 s for up to 30 s/,
  );
  // One check in the loop, three while settling: two waits of 2 s between them.
  assert.deepEqual(clock.slept, [2_000, 2_000]);
});

test('a step that stays failed through its settle time is then repaired by its own fix; without an earlier repair there is no wait', async () => {
  const clock = createManualClock(0);
  const settleContext = { ...context, clock };
  const first = { healthy: false, applied: 0 };
  const second = { healthy: false, applied: 0 };
  const steps = [fakeStep('stack-up', first), { ...fakeStep('kafka-scram', second), settleMs: 10_000 }];
  const running = resumeSteps(settleContext, steps);
  const reports = await untilSettled(clock, running);
  assert.deepEqual(
    reports.map((r) => [r.id, r.status, r.action]),
    [
      ['stack-up', 'ok', 'applied'],
      ['kafka-scram', 'ok', 'applied'],
    ],
  );
  const waited = clock.slept.length;
  assert.ok(waited >= 4, `the settle waited ${waited} times`);
  // A first failing step (no repair before it) is repaired at once.
  const alone = { healthy: false, applied: 0 };
  const before = clock.slept.length;
  await resumeSteps(settleContext, [{ ...fakeStep('kafka-scram', alone), settleMs: 10_000 }]);
  assert.equal(clock.slept.length, before);
  assert.equal(alone.applied, 1);
});

test('after a repair, a failure read from stored state (lasting) is repaired at once: no settle wait', async () => {
  const clock = createManualClock(0);
  const lines: string[] = [];
  const settleContext = { ...context, clock, log: { ...silentLogger, info: (line: string) => void lines.push(line) } };
  const first = { healthy: false, applied: 0 };
  const second = { healthy: false, applied: 0 };
  const missing: ChecklistStep<StepId> = {
    ...fakeStep('kafka-scram', second),
    settleMs: 30_000,
    check: async () => (second.applied > 0 ? { status: 'ok' } : { status: 'failed', cause: 'ZooKeeper holds no credential for admin', lasting: true }),
  };
  const reports = await untilSettled(clock, resumeSteps(settleContext, [fakeStep('stack-up', first), missing]));
  assert.deepEqual(
    reports.map((r) => [r.id, r.status, r.action]),
    [
      ['stack-up', 'ok', 'applied'],
      ['kafka-scram', 'ok', 'applied'],
    ],
  );
  assert.deepEqual(clock.slept, [], 'not one settle wait');
  assert.match(lines.join('\n'), /kafka-scram: ZooKeeper holds no credential for admin; stored state, which no wait changes: repairing it now/);
});

/** Ticks the fake clock 2 s at a time until `running` ends, letting file I/O (the ledger) run between ticks. */
async function untilSettled<T>(clock: ReturnType<typeof createManualClock>, running: Promise<T>): Promise<T> {
  let done = false;
  void running.finally(() => (done = true));
  while (!done) {
    await clock.advance(2_000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return running;
}
