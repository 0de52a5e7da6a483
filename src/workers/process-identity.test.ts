import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { identifyProcess, isRocketctlCommandLine, processStartTicks } from './process-identity.js';

test('a rocketctl command line is node running rocketctl, wherever it is installed', () => {
  for (const argv of [
    ['node', '/work/checkout/bin/rocketctl.js', 'workers', 'start'],
    ['/usr/local/bin/node', '--enable-source-maps', '/app/bin/rocketctl.js', 'workers', 'start', 'telemetry'],
    ['node', '/usr/local/bin/rocketctl', 'workers', 'start'],
    ['node20', '/opt/rocketctl/dist/src/cli/main.js', 'workers', 'start'],
  ]) {
    assert.equal(isRocketctlCommandLine(argv), true, argv.join(' '));
  }
  for (const argv of [
    ['/sbin/init'],
    ['bash', '/work/checkout/bin/rocketctl.js'],
    ['node', '/srv/other-tool.js', 'workers', 'start'],
    ['python3', '-m', 'http.server'],
    [],
  ]) {
    assert.equal(isRocketctlCommandLine(argv), false, argv.join(' '));
  }
});

test('identifyProcess: a live process that is not rocketctl is "other", an exited one "gone"', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    assert.equal(identifyProcess(child.pid!), 'other');
  } finally {
    child.kill();
    await once(child, 'exit');
  }
  assert.equal(identifyProcess(child.pid!), 'gone');
  assert.equal(identifyProcess(0), 'gone');
});

test('processStartTicks: a process is its pid and its start time; a later process on the same pid would differ', async () => {
  const own = processStartTicks('self');
  assert.ok(own !== null && own > 0, `own start time: ${own}`);
  assert.equal(processStartTicks(process.pid), own, 'the same process by its pid');
  // A process started later has a later (or, within one tick, the same) start time; never an earlier one.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const childTicks = processStartTicks(child.pid!);
    assert.ok(childTicks !== null && childTicks >= own, `${childTicks} >= ${own}`);
    assert.ok(childTicks > own, 'a process started 50 ms later has a later start time (ticks are 10 ms)');
  } finally {
    child.kill();
    await once(child, 'exit');
  }
  assert.equal(processStartTicks(child.pid!), null, 'an exited (reaped) process has none');
});
