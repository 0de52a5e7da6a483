import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { readRuntimeFile, runtimeFilePath } from '../../src/workers/runtime-file.js';
import { rocketctl, projectCli } from '../support/cli.js';
import { startRocketctl, type RunningCli } from '../support/cli.js';
import { requestJson } from '../support/http-json.js';
import { createTempProject, fileMode } from '../support/temp-project.js';
import { openWs } from '../support/ws-client.js';

type Json = Record<string, any>;

describe('workers start / status: the telemetry worker as an operator runs it', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let stateDir: string;
  const cli = projectCli(() => project.dir);
  const start = (args: string[] = []) => startRocketctl(['workers', 'start', 'telemetry', '--port', '0', ...args], { cwd: project.dir });
  const runtimeOf = (running: RunningCli) =>
    running.waitUntil(
      async () => (await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry')) ?? Promise.reject(new Error('no runtime file yet')),
      'the runtime file',
    );
  // Only telemetry counts here: the pipeline's workers (observer, listener, guard) are not started by this file.
  const statusJson = async () => {
    const result = await cli(['workers', 'status', 'telemetry', '--json']);
    return {
      exitCode: result.exitCode,
      telemetry: (JSON.parse(result.stdout) as Json).workers.find((w: Json) => w.name === 'telemetry') as Json,
      all: JSON.parse(result.stdout) as Json,
    };
  };

  before(async () => {
    project = await createTempProject('{ workers: { telemetry: { rateHz: 20 } } }');
    stateDir = path.join(project.dir, '.rocketctl');
  });
  after(() => project.cleanup());

  test('workers status is read-only: with no state folder it creates nothing and says nothing runs (exit 1)', async () => {
    const result = await cli(['workers', 'status']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stdout, /telemetry +stopped +no .*rocketctl workers start telemetry/);
    assert.match(result.stdout, /observer +stopped +no .*rocketctl workers start observer/);
    assert.equal(existsSync(stateDir), false, 'no .rocketctl folder was created');
  });

  test('running: status line, a 0600 runtime file refreshed by the heartbeat, workers status running + healthy (exit 0)', async () => {
    const running = start();
    try {
      const runtime = await runtimeOf(running);
      assert.equal(runtime.pid, running.child.pid);
      assert.match(runtime.endpoint!, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await fileMode(runtimeFilePath(path.join(stateDir, 'workers'), 'telemetry'))).toString(8), '600');
      await running.waitUntil(
        async () => /● telemetry {2}http:\/\/127\.0\.0\.1:\d+ {2}streaming 20 Hz/.test(running.stderr) || Promise.reject(new Error('no status line')),
        'the status line',
      );
      const status = await statusJson();
      assert.equal(status.exitCode, 0, JSON.stringify(status.all));
      assert.equal(status.telemetry.state, 'running');
      assert.equal(status.telemetry.healthy, true);
      assert.equal(status.telemetry.pid, running.child.pid);
      assert.equal(status.telemetry.endpoint, runtime.endpoint);
      assert.match(status.telemetry.detail, /21 actions served/);
      await running.waitUntil(
        async () =>
          (await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry'))!.heartbeatAt !== runtime.heartbeatAt ||
          Promise.reject(new Error('same heartbeat')),
        'a heartbeat',
        6000,
      );
    } finally {
      running.signal('SIGINT');
      await running.exited;
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} closes every socket and exits 130 within 1 s; the runtime file is gone; status says stopped`, async (t) => {
      const running = start();
      const { endpoint } = await runtimeOf(running);
      const client = await openWs(endpoint!);
      await client.waitFor((m) => m.type === 'telemetry');
      assert.equal(((await requestJson(endpoint!, '/healthz')).body as Json).clients, 1);
      running.signal(signal);
      const exit = await running.exited;
      assert.equal(exit.code, 130, running.stderr);
      t.diagnostic(`exited ${exit.msAfterSignal!.toFixed(0)} ms after ${signal}`);
      assert.ok(exit.msAfterSignal! < 1000, `exited ${exit.msAfterSignal!.toFixed(0)} ms after ${signal}`);
      assert.equal(await client.closed, 1006, 'the stream client was cut');
      await assert.rejects(requestJson(endpoint!, '/healthz'), /ECONNREFUSED/);
      assert.equal(existsSync(runtimeFilePath(path.join(stateDir, 'workers'), 'telemetry')), false);
      assert.match(running.stderr, /telemetry: closed after/);
      const status = await statusJson();
      assert.equal(status.exitCode, 1);
      assert.equal(status.telemetry.state, 'stopped');
    });
  }

  test('killed without closing: stale (pid gone), exit 1; a new start replaces it; a second start is refused', async () => {
    const killed = start();
    await runtimeOf(killed);
    killed.signal('SIGKILL');
    await killed.exited;
    const stale = await statusJson();
    assert.equal(stale.exitCode, 1);
    assert.equal(stale.telemetry.state, 'stale');
    assert.match(stale.telemetry.detail, new RegExp(`process ${killed.child.pid} is gone`));
    const again = start();
    try {
      const runtime = await running(again);
      assert.equal(runtime.pid, again.child.pid);
      const second = await cli(['workers', 'start', 'telemetry', '--port', '0']);
      assert.equal(second.exitCode, 1);
      assert.match(second.stderr, new RegExp(`the telemetry worker already runs \\(pid ${again.child.pid}`));
      assert.match(second.stderr, /fix: stop it first/);
    } finally {
      again.signal('SIGINT');
      await again.exited;
    }
    async function running(cliProcess: RunningCli) {
      return cliProcess.waitUntil(async () => {
        const runtime = await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry');
        if (runtime && runtime.pid === cliProcess.child.pid) return runtime;
        throw new Error('still the old runtime file');
      }, 'the new runtime file');
    }
  });

  test('a hung process (SIGSTOP): no heartbeat for three intervals makes it stale, though its pid lives', async () => {
    const hung = start();
    try {
      await runtimeOf(hung);
      hung.signal('SIGSTOP');
      const stale = await hung.waitUntil(
        async () => {
          const status = await statusJson();
          return status.telemetry.state === 'stale' ? status : Promise.reject(new Error(`still ${status.telemetry.state}`));
        },
        'the stale state',
        12_000,
      );
      assert.equal(stale.exitCode, 1);
      assert.match(stale.telemetry.detail, new RegExp(`no heartbeat from process ${hung.child.pid} for [6-9]`));
    } finally {
      hung.signal('SIGCONT');
      hung.signal('SIGINT');
      await hung.exited;
    }
  });

  test('usage errors exit 2 before anything starts', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['workers', 'start', 'rocket'], /unknown worker "rocket"[\s\S]*fix: name one of: telemetry, observer, listener, guard/],
      [['workers', 'start', '--port', '70000'], /expected a port number 0-65535/],
      [['workers', 'start', '--port', 'abc'], /expected a port number 0-65535/],
      [['workers', 'status', 'rocket'], /unknown worker "rocket"/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    const bad = await createTempProject('{ workers: { telemetry: { rateHz: 0, port: 0 } } }');
    try {
      const result = await rocketctl(['workers', 'start'], { cwd: bad.dir });
      assert.equal(result.exitCode, 2);
      assert.match(result.stderr, /workers\.telemetry\.rateHz: expected a whole number of frames per second \(1-100\)/);
      assert.match(result.stderr, /workers\.telemetry\.port: expected a port/);
      assert.equal(existsSync(path.join(bad.dir, '.rocketctl')), false, 'nothing was created');
    } finally {
      await bad.cleanup();
    }
  });

  test('a port already in use: exit 1 with the fix, nothing left behind', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await cli(['workers', 'start', 'telemetry', '--port', String(port)]);
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
      assert.match(result.stderr, /fix: pick another port with --port N/);
      assert.equal(existsSync(runtimeFilePath(path.join(stateDir, 'workers'), 'telemetry')), false);
    } finally {
      holder.close();
    }
  });
});
