import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkerRuntime } from './runtime-file.js';
import { judgeRuntime, processAlive } from './worker-state.js';

const NOW = Date.parse('2030-01-01T00:00:10Z');
const runtime = (heartbeatAt: string, healthy = true): WorkerRuntime => ({
  name: 'telemetry',
  pid: 4242,
  startedAt: '2030-01-01T00:00:00Z',
  heartbeatAt,
  endpoint: 'http://127.0.0.1:8480',
  health: { healthy, detail: healthy ? 'streaming' : 'stuck' },
});

test('no runtime file: stopped', () => {
  assert.equal(judgeRuntime(null, NOW).state, 'stopped');
});

test('a fresh heartbeat from a live pid: running, with the health it reported', () => {
  assert.deepEqual(
    judgeRuntime(runtime('2030-01-01T00:00:09Z'), NOW, () => true),
    { state: 'running', healthy: true, detail: 'streaming' },
  );
  assert.equal(judgeRuntime(runtime('2030-01-01T00:00:09Z', false), NOW, () => true).healthy, false);
});

test('stale: the pid is gone, the heartbeat is older than three intervals, or the file is unreadable', () => {
  const gone = judgeRuntime(runtime('2030-01-01T00:00:09Z'), NOW, () => false);
  assert.equal(gone.state, 'stale');
  assert.match(gone.detail, /process 4242 is gone/);
  const hung = judgeRuntime(runtime('2030-01-01T00:00:03Z'), NOW, () => true);
  assert.equal(hung.state, 'stale');
  assert.match(hung.detail, /no heartbeat .* for 7 s/);
  assert.equal(judgeRuntime(new Error('Unexpected token'), NOW).state, 'stale');
});

test('processAlive: this process yes, a pid that cannot exist no', () => {
  assert.equal(processAlive(process.pid), true);
  assert.equal(processAlive(2 ** 22 + 1), false);
});
