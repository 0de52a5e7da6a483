import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkerRuntime } from './runtime-file.js';
import { processAlive } from './process-identity.js';
import { judgeRuntime } from './worker-state.js';

const NOW = Date.parse('2030-01-01T00:00:10Z');
const runtime = (heartbeatAt: string, healthy = true): WorkerRuntime => ({
  name: 'telemetry',
  pid: 4242,
  pidNamespace: null,
  startedAt: '2030-01-01T00:00:00Z',
  heartbeatAt,
  endpoint: 'http://127.0.0.1:8480',
  health: { healthy, detail: healthy ? 'streaming' : 'stuck' },
});

test('no runtime file: stopped', () => {
  assert.equal(judgeRuntime(null, NOW).state, 'stopped');
});

test('a fresh heartbeat from a live pid: running, with the health it reported', () => {
  assert.deepEqual(judgeRuntime(runtime('2030-01-01T00:00:09Z'), NOW, { identify: () => 'rocketctl' }), {
    state: 'running',
    healthy: true,
    detail: 'streaming',
  });
  assert.equal(judgeRuntime(runtime('2030-01-01T00:00:09Z', false), NOW, { identify: () => 'rocketctl' }).healthy, false);
});

test('stale: the pid is gone, the heartbeat is older than three intervals, or the file is unreadable', () => {
  const gone = judgeRuntime(runtime('2030-01-01T00:00:09Z'), NOW, { identify: () => 'gone' });
  assert.equal(gone.state, 'stale');
  assert.match(gone.detail, /process 4242 is gone/);
  const hung = judgeRuntime(runtime('2030-01-01T00:00:03Z'), NOW, { identify: () => 'rocketctl' });
  assert.equal(hung.state, 'stale');
  assert.match(hung.detail, /no heartbeat .* for 7 s/);
  assert.equal(judgeRuntime(new Error('Unexpected token'), NOW).state, 'stale');
});

test('stale: a live pid that is not rocketctl, or a heartbeat from the future', () => {
  const other = judgeRuntime(runtime('2030-01-01T00:00:09Z'), NOW, { identify: () => 'other' });
  assert.equal(other.state, 'stale');
  assert.match(other.detail, /process 4242 is not rocketctl/);
  const future = judgeRuntime(runtime('2030-01-01T00:00:15Z'), NOW, { identify: () => 'rocketctl' });
  assert.equal(future.state, 'stale');
  assert.match(future.detail, /5 s in the future/);
  assert.equal(judgeRuntime(runtime('2030-01-01T00:00:11Z'), NOW, { identify: () => 'rocketctl' }).state, 'running', 'within the clock tolerance');
});

test('a writer in another pid namespace (a container) is judged by its heartbeat: its pid is not looked up here', () => {
  const inContainer = { ...runtime('2030-01-01T00:00:09Z'), pid: 1, pidNamespace: 'pid:[4026532000]' };
  const lookedUp: number[] = [];
  const identify = (pid: number) => (lookedUp.push(pid), 'other' as const);
  const judged = judgeRuntime(inContainer, NOW, { identify, pidNamespace: 'pid:[4026531836]' });
  assert.equal(judged.state, 'running');
  assert.match(judged.detail, /pid 1 in another pid namespace/);
  assert.deepEqual(lookedUp, []);
  assert.equal(judgeRuntime({ ...inContainer, heartbeatAt: '2030-01-01T00:00:01Z' }, NOW, { identify, pidNamespace: 'pid:[4026531836]' }).state, 'stale');
  assert.equal(judgeRuntime(inContainer, NOW, { identify, pidNamespace: 'pid:[4026532000]' }).state, 'stale', 'same namespace: the pid is checked');
});

test('processAlive: this process yes, a pid that cannot exist no', () => {
  assert.equal(processAlive(process.pid), true);
  assert.equal(processAlive(2 ** 22 + 1), false);
});
