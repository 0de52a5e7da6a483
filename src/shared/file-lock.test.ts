import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquireFileLock } from './file-lock.js';

const lockIn = async (holder: object) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-lock-'));
  const file = path.join(dir, 'lock');
  await writeFile(file, `${JSON.stringify(holder)}\n`);
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
};

// A restarted container starts its pids over: the process before it may have had this very pid and died holding the
// lock. Counted as alive, that lock would be waited for until the deadline, at every restart.
test("a lock naming this process's own pid, which it does not hold, is taken over at once", async () => {
  const { file, cleanup } = await lockIn({ pid: process.pid, host: os.hostname(), command: 'rocketctl workers start', since: new Date(0).toISOString() });
  try {
    const stale: unknown[] = [];
    const release = await acquireFileLock(file, { what: 'the test lock', command: 'rocketctl test', waitMs: 2_000, onStale: (holder) => stale.push(holder) });
    assert.equal(stale.length, 1);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).command, 'rocketctl test');
    await release();
  } finally {
    await cleanup();
  }
});

test('a lock held by another live process on this host is waited for, then refused naming it', async () => {
  const { file, cleanup } = await lockIn({ pid: process.ppid, host: os.hostname(), command: 'rocketctl up', since: new Date().toISOString() });
  try {
    await assert.rejects(acquireFileLock(file, { what: 'the test lock', command: 'rocketctl test', waitMs: 300 }), /is in use by `rocketctl up` \(pid \d+/);
  } finally {
    await cleanup();
  }
});
