import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HEARTBEAT_MS, readRuntimeFile, runtimeFilePath } from '../../src/workers/runtime-file.js';
import { startRocketctl } from '../support/cli.js';
import { requestJson } from '../support/http-json.js';
import { createTempProject } from '../support/temp-project.js';

type Json = Record<string, any>;

// `rocketctl workers start 2>&1 | head -1`: the reader of stderr goes away after the first line. The status
// lines are repeated every heartbeat here (ROCKETCTL_STATUS_REPEAT_MS=0) so that a write hits the closed pipe
// within seconds instead of after the 30 s a pipe normally waits.
test('workers start survives a closed stderr: the server keeps answering, SIGTERM still closes it and removes the runtime file', async () => {
  const project = await createTempProject('{ workers: { telemetry: { rateHz: 10 } } }');
  const stateDir = path.join(project.dir, '.rocketctl');
  const running = startRocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: project.dir, env: { ROCKETCTL_STATUS_REPEAT_MS: '0' } });
  try {
    const first = await running.waitUntil(
      async () => (await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry')) ?? Promise.reject(new Error('no runtime file yet')),
      'the runtime file',
    );
    await running.waitUntil(async () => /● telemetry/.test(running.stderr) || Promise.reject(new Error('no status line yet')), 'the first status line');
    running.child.stderr!.destroy();
    const closedAt = Date.now();
    // Each heartbeat draws the status lines (EPIPE now) before it rewrites the runtime file: a heartbeat two
    // intervals after the close proves the process lived through at least one write into the closed pipe.
    const later = await running.waitUntil(
      async () => {
        const runtime = await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry');
        if (runtime && Date.parse(runtime.heartbeatAt) > closedAt + HEARTBEAT_MS) return runtime;
        throw new Error('no heartbeat after the close yet');
      },
      'a heartbeat after stderr was closed',
      4 * HEARTBEAT_MS,
    );
    assert.equal(later.pid, first.pid);
    assert.equal(((await requestJson(first.endpoint!, '/healthz')).body as Json).status, 'ok', 'the server still answers');
    running.signal('SIGTERM');
    const exit = await running.exited;
    assert.equal(exit.code, 130, 'closed as interrupted, not crashed');
    assert.equal(existsSync(runtimeFilePath(path.join(stateDir, 'workers'), 'telemetry')), false, 'the runtime file was removed');
    await assert.rejects(requestJson(first.endpoint!, '/healthz'), /ECONNREFUSED/);
  } finally {
    if (running.child.exitCode === null) running.signal('SIGKILL');
    await project.cleanup();
  }
});
