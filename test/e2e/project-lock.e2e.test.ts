import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { rocketctl, startRocketctl } from '../support/cli.js';
import { createTempProject } from '../support/temp-project.js';

const ROUNDS = 20;

/** Every leaf under certs/ verifies against the CA file beside it, and its key is its certificate's key (openssl's view). */
async function certificateSetProblems(certsDir: string): Promise<string[]> {
  const problems: string[] = [];
  const ca = path.join(certsDir, 'ca', 'ca.crt');
  const pairs: Array<[string, string]> = [];
  for (const service of await readdir(certsDir)) {
    if (service === 'ca') continue;
    const names = await readdir(path.join(certsDir, service));
    for (const [cert, key] of [
      ['tls.crt', 'tls.key'],
      ['server.crt', 'server.key'],
      ['couchdb.pem', 'privkey.pem'],
      ['node.crt', 'node.key'],
    ]) {
      if (names.includes(cert!)) pairs.push([path.join(certsDir, service, cert!), path.join(certsDir, service, key!)]);
    }
  }
  for (const [cert, key] of pairs) {
    const verify = await execa('openssl', ['verify', '-CAfile', ca, cert], { reject: false });
    if (verify.exitCode !== 0) problems.push(`${cert}: not signed by the CA on disk`);
    const certKey = (await execa('openssl', ['x509', '-in', cert, '-noout', '-pubkey'])).stdout;
    const ownKey = (await execa('openssl', ['pkey', '-in', key, '-pubout'])).stdout;
    if (certKey !== ownKey) problems.push(`${cert}: its key file holds another key`);
  }
  return problems;
}

/** Runs to its end in a process of its own (two at once race for the lock). */
async function start(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = startRocketctl(args, { cwd, env });
  const { code } = await child.exited;
  return { code, stderr: child.stderr };
}

describe('one writer at a time: the project lock', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  before(async () => {
    project = await createTempProject('{}');
  });
  after(() => project.cleanup());

  test(`two \`certs gen --force\` at once, ${ROUNDS} times: both succeed one after the other, and the set is always consistent`, async () => {
    let waited = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const [a, b] = await Promise.all([start(['certs', 'gen', '--force'], project.dir), start(['certs', 'gen', '--force'], project.dir)]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      if (/waiting up to \d+ s for `rocketctl certs gen --force` \(pid \d+\)/.test(a.stderr + b.stderr)) waited++;
      assert.deepEqual(await certificateSetProblems(path.join(project.dir, 'certs')), [], `round ${round}`);
    }
    // Both start within milliseconds and a forced run takes far longer: the second one nearly always waits.
    assert.ok(waited >= ROUNDS / 2, `the second run said what it waits for in only ${waited} of ${ROUNDS} rounds`);
  });

  test('a second writer gives up after the bounded wait: exit 1 naming the holder and the fix', async () => {
    const lock = path.join(project.dir, '.rocketctl', 'lock');
    // This test process stands in for a long-running `up`: it is alive, on this host.
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), command: 'rocketctl up', since: '2026-01-01T00:00:00.000Z' }));
    try {
      const started = Date.now();
      const result = await rocketctl(['certs', 'gen'], { cwd: project.dir, env: { ROCKETCTL_LOCK_WAIT_MS: '1500' } });
      assert.equal(result.exitCode, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`is in use by \`rocketctl up\` \\(pid ${process.pid} on ${os.hostname()}`));
      assert.match(result.stderr, /fix: wait for it to finish/);
      assert.ok(Date.now() - started < 10_000);
      const reader = await rocketctl(['certs', 'list'], { cwd: project.dir });
      assert.equal(reader.exitCode, 0, 'read commands take no lock');
    } finally {
      await rm(lock, { force: true });
    }
  });

  test('a lock left by a process that died is taken over, with a warning', async () => {
    const lock = path.join(project.dir, '.rocketctl', 'lock');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(lock, JSON.stringify({ pid: dead.pid, host: os.hostname(), command: 'rocketctl up', since: '2026-01-01T00:00:00.000Z' }));
    const result = await rocketctl(['certs', 'gen'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`taking over a lock left by \`rocketctl up\` \\(pid ${dead.pid}\\), which is no longer running`));
  });
});
