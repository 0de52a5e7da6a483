import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { readRuntimeFile, runtimeFilePath } from '../../src/workers/runtime-file.js';
import { rocketctl } from '../support/cli.js';
import { startRocketctl, type RunningCli } from '../support/cli.js';
import { createTempProject } from '../support/temp-project.js';

type Json = Record<string, any>;

// A runtime file is another process's word. These plant what an attacker (or an accident) could leave at
// `.rocketctl/workers/telemetry.json` and check what `workers status` and `workers start` make of it. Every
// command runs with a deadline: a FIFO once hung them for good.
describe('workers runtime files: only a fresh file from a live rocketctl of this user counts', () => {
  let projects: Array<{ cleanup(): Promise<void> }> = [];
  let rocketctlPid: number;
  let helper: RunningCli;

  // A real rocketctl process (a telemetry worker in a project of its own): its pid passes the process check, so a
  // test that plants it isolates the other checks.
  before(async () => {
    const project = await createTempProject('{}');
    projects.push(project);
    helper = startRocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: project.dir });
    const stateDir = path.join(project.dir, '.rocketctl');
    await helper.waitUntil(
      async () => (await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry')) ?? Promise.reject(new Error('not yet')),
      'the helper worker',
    );
    rocketctlPid = helper.child.pid!;
  });
  after(async () => {
    helper.signal('SIGINT');
    await helper.exited;
    await Promise.all(projects.map((p) => p.cleanup()));
    projects = [];
  });

  const newProject = async () => {
    const project = await createTempProject('{}');
    projects.push(project);
    const stateDir = path.join(project.dir, '.rocketctl');
    return { dir: project.dir, stateDir, file: runtimeFilePath(path.join(stateDir, 'workers'), 'telemetry') };
  };
  const plant = async (stateDir: string, fields: Json) => {
    await mkdir(path.join(stateDir, 'workers'), { recursive: true, mode: 0o700 });
    const now = new Date().toISOString();
    const runtime = {
      name: 'telemetry',
      pid: rocketctlPid,
      startedAt: now,
      heartbeatAt: now,
      endpoint: null,
      health: { healthy: true, detail: 'ok' },
      ...fields,
    };
    await writeFile(runtimeFilePath(path.join(stateDir, 'workers'), 'telemetry'), JSON.stringify(runtime), { mode: 0o600 });
  };
  const status = async (dir: string) => {
    const result = await rocketctl(['workers', 'status', 'telemetry', '--json'], { cwd: dir, timeoutMs: 15_000 });
    assert.notEqual(result.stdout, '', `no answer within the deadline: ${result.stderr}`);
    return { exitCode: result.exitCode, raw: result.stdout, telemetry: (JSON.parse(result.stdout) as Json).workers[0] as Json };
  };
  const statusTable = (dir: string) => rocketctl(['workers', 'status', 'telemetry'], { cwd: dir, timeoutMs: 15_000 });

  test('a live pid that is not rocketctl (pid 1) is stale where a live rocketctl pid is running; workers start is not refused by it', async () => {
    const { dir, stateDir } = await newProject();
    await plant(stateDir, {});
    const genuine = await status(dir);
    assert.deepEqual([genuine.exitCode, genuine.telemetry.state, genuine.telemetry.healthy], [0, 'running', true], 'a rocketctl process passes the check');
    await plant(stateDir, { pid: 1 });
    const { exitCode, telemetry } = await status(dir);
    assert.deepEqual([exitCode, telemetry.state, telemetry.healthy], [1, 'stale', false]);
    assert.match(telemetry.detail, /process 1 is not rocketctl/);
    const started = startRocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: dir });
    try {
      await started.waitUntil(
        async () =>
          (await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry'))?.pid === started.child.pid ||
          Promise.reject(new Error('still the planted file')),
        'the new worker replacing the planted file',
      );
    } finally {
      started.signal('SIGINT');
      await started.exited;
    }
  });

  test('a heartbeat from the future (2099) is stale, not running', async () => {
    const { dir, stateDir } = await newProject();
    await plant(stateDir, { heartbeatAt: '2099-01-01T00:00:00.000Z' });
    const { exitCode, telemetry } = await status(dir);
    assert.deepEqual([exitCode, telemetry.state], [1, 'stale']);
    assert.match(telemetry.detail, /in the future/);
  });

  test('an endpoint that is neither loopback nor the bind address is never requested', async () => {
    const { dir, stateDir } = await newProject();
    let connections = 0;
    const listener: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.2', resolve));
    try {
      const endpoint = `http://127.0.0.2:${(listener.address() as { port: number }).port}`;
      await plant(stateDir, { endpoint });
      const { exitCode, telemetry } = await status(dir);
      assert.deepEqual([exitCode, telemetry.healthy], [1, false]);
      assert.match(telemetry.detail, /neither loopback nor the bind address 127\.0\.0\.1: not probed/);
      assert.equal(connections, 0, 'rocketctl connected to the planted endpoint');
    } finally {
      listener.close();
    }
  });

  test('control characters in a planted detail never reach the terminal', async () => {
    const { dir, stateDir } = await newProject();
    await plant(stateDir, { health: { healthy: true, detail: '\u001b[31mRED\u001b[0m\u0007 \u009b2J \u202eevil' } });
    const table = await statusTable(dir);
    const json = await status(dir);
    for (const output of [table.stdout, json.raw]) {
      assert.match(output, /RED/);
      // Any control or format character but the newlines between rows.
      assert.equal(/(?!\n)[\p{Cc}\p{Cf}]/u.test(output), false, JSON.stringify(output));
    }
  });

  test('a FIFO at the runtime-file path: status answers (stale), start starts and replaces it', async () => {
    const { dir, stateDir, file } = await newProject();
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await execa('mkfifo', ['-m', '600', file]);
    const { exitCode, telemetry } = await status(dir);
    assert.deepEqual([exitCode, telemetry.state], [1, 'stale']);
    assert.match(telemetry.detail, /named pipe \(FIFO\), not a regular file: refused unopened/);
    const started = startRocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: dir });
    try {
      await started.waitUntil(
        async () => (await readRuntimeFile(path.join(stateDir, 'workers'), 'telemetry'))?.pid === started.child.pid || Promise.reject(new Error('not yet')),
        'a runtime file in place of the FIFO',
        15_000,
      );
    } finally {
      started.signal('SIGINT');
      assert.equal((await started.exited).code, 130);
    }
  });

  test('a symbolic link at the runtime-file path is refused unopened; no error quotes a file', async () => {
    const { dir, file } = await newProject();
    const secretLike = path.join(dir, 'secrets-like.env');
    await writeFile(secretLike, '# rocketctl secrets: do not print\nPASSWORD=hunter2-hunter2\n', { mode: 0o600 });
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await symlink(secretLike, file);
    const linked = await status(dir);
    assert.deepEqual([linked.exitCode, linked.telemetry.state], [1, 'stale']);
    assert.match(linked.telemetry.detail, /is a symbolic link, not a regular file: refused unopened/);
    await rm(file);
    await writeFile(file, '# rocketctl secrets: do not print\n', { mode: 0o600 });
    const garbage = await status(dir);
    assert.match(garbage.telemetry.detail, /not a worker runtime file \(not JSON\)/);
    for (const output of [linked.raw, garbage.raw]) assert.equal(/rocketct[l ]secrets|hunter2/.test(output), false, output);
  });

  test('a runtime file of another user is refused unopened', { skip: process.getuid?.() !== 0 && 'needs root to give a file away' }, async () => {
    const { dir, stateDir, file } = await newProject();
    await plant(stateDir, {});
    await chown(file, 65534, 65534);
    const { exitCode, telemetry } = await status(dir);
    assert.deepEqual([exitCode, telemetry.state], [1, 'stale']);
    assert.match(telemetry.detail, /belongs to user 65534, not to this user/);
  });

  test('a symbolic link at .rocketctl/workers (to a 0777 folder) is refused: nothing is written through it', async () => {
    const { dir, stateDir } = await newProject();
    const elsewhere = path.join(dir, 'world-writable');
    await mkdir(elsewhere, { mode: 0o777 });
    await mkdir(stateDir, { mode: 0o700 });
    await symlink(elsewhere, path.join(stateDir, 'workers'));
    const start = await rocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(start.exitCode, 1, start.stderr);
    assert.match(start.stderr, /\.rocketctl\/workers is a symbolic link: rocketctl does not follow it\nfix: remove the link/);
    assert.deepEqual(await readdir(elsewhere), [], 'nothing was written where the link points');
    const { exitCode, telemetry } = await status(dir);
    assert.deepEqual([exitCode, telemetry.state], [1, 'stale']);
    assert.match(telemetry.detail, /is a symbolic link/);
  });

  test('a regular file at .rocketctl/workers: start fails with what is wrong and the fix, not an unexpected error', async () => {
    const { dir, stateDir } = await newProject();
    await mkdir(stateDir, { mode: 0o700 });
    await writeFile(path.join(stateDir, 'workers'), 'not a folder\n');
    const start = await rocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(start.exitCode, 1, start.stderr);
    assert.match(start.stderr, /\.rocketctl\/workers is a regular file, not a folder\nfix: move it away/);
    assert.doesNotMatch(start.stderr, /unexpected error|EEXIST/);
  });
});
