import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { retry } from '../../src/shared/retry.js';
import { rocketctl, startRocketctl } from '../support/cli.js';
import { startFakeEngine } from '../support/fake-engine.js';
import { createTempProject } from '../support/temp-project.js';

const COMMANDS = [['status'], ['up'], ['down'], ['logs', 'kafka']];

describe('a stuck Docker engine: every command gives up at its deadline with the fix, and exits', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  before(async () => {
    project = await createTempProject('{}');
  });
  after(() => project.cleanup());

  for (const mode of ['silent', 'ping-only'] as const) {
    test(`an engine that ${mode === 'silent' ? 'accepts connections and never answers' : 'answers _ping only'}: status, up, down, logs exit 1 within the deadline`, async () => {
      const engine = await startFakeEngine(mode);
      try {
        for (const args of COMMANDS) {
          const started = Date.now();
          const result = await rocketctl(args, { cwd: project.dir, env: { DOCKER_HOST: engine.dockerHost, ROCKETCTL_ENGINE_TIMEOUT_MS: '2000' } });
          const seconds = (Date.now() - started) / 1000;
          assert.equal(result.exitCode, 1, `${args.join(' ')}: ${result.stderr}`);
          assert.match(
            result.stderr,
            new RegExp(`the Docker engine at ${engine.dockerHost} did not answer \\(${mode === 'silent' ? 'ping' : '[^)]+'}\\) within 2 s`),
            args.join(' '),
          );
          assert.match(result.stderr, /fix: check that dockerd is healthy/);
          // The deadline plus process start (generous for a busy 2-core machine): a hang would never end, and
          // an open socket or timer left behind would keep the process alive past it.
          assert.ok(seconds < 15, `${args.join(' ')} took ${seconds} s`);
        }
        assert.deepEqual(await readdir(project.dir), ['rocketctl.config.ts'], 'nothing was written (up stops in its preflight)');
      } finally {
        await engine.close();
      }
    });
  }

  test('the stated default deadline: 5 s for the first answer (ping)', async () => {
    const engine = await startFakeEngine('silent');
    try {
      const started = Date.now();
      const result = await rocketctl(['status'], { cwd: project.dir, env: { DOCKER_HOST: engine.dockerHost } });
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /did not answer \(ping\) within 5 s/);
      assert.ok(Date.now() - started < 15_000);
    } finally {
      await engine.close();
    }
  });

  test('SIGTERM while a call hangs ends the command like Ctrl-C: exit 130 within 1 s', async () => {
    const engine = await startFakeEngine('ping-only');
    try {
      const child = startRocketctl(['up'], { cwd: project.dir, env: { DOCKER_HOST: engine.dockerHost, ROCKETCTL_ENGINE_TIMEOUT_MS: '60000' } });
      await retry(
        async () => {
          if (!engine.requests.some((r) => r.includes('/containers/json'))) throw new Error('up has not reached the engine yet');
        },
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      child.signal('SIGTERM');
      const exited = await child.exited;
      assert.equal(exited.code, 130, child.stderr);
      assert.ok(exited.msAfterSignal! < 1_000, `exited ${exited.msAfterSignal} ms after SIGTERM`);
      assert.match(child.stderr, /SIGTERM: stopping at the next safe point/);
    } finally {
      await engine.close();
    }
  });
});
