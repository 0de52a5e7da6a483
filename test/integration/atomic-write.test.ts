/**
 * writeFileAtomic on a really full file system: a 64 KiB tmpfs mounted for this test (needs root, as the
 * whole suite does), not a mocked fs call, so ENOSPC comes from the kernel where a full disk would raise it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';
import { writeFileAtomic } from '../../src/shared/atomic-write.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-tls-enospc-'));
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { reject: false });
  assert.equal(mounted.exitCode, 0, `mounting a small tmpfs needs root: run the tests as root (${mounted.stderr})`);
});

after(async () => {
  await execa('umount', [dir], { reject: false });
  await rm(dir, { recursive: true, force: true });
});

test('a write that fills the disk fails with ENOSPC and leaves no temporary file; the old file is intact', async () => {
  const file = path.join(dir, 'server.key');
  await writeFile(file, 'the old key\n', { mode: 0o600 });
  await assert.rejects(writeFileAtomic(file, Buffer.alloc(256 * 1024, 0x41), { mode: 0o600 }), { code: 'ENOSPC' });
  assert.deepEqual(await readdir(dir), ['server.key']);
  assert.equal(await readFile(file, 'utf8'), 'the old key\n');
});

test('the same for a first-time exclusive write: nothing is left at all', async () => {
  await assert.rejects(writeFileAtomic(path.join(dir, 'secrets.env'), Buffer.alloc(256 * 1024, 0x41), { mode: 0o600, exclusive: true }), { code: 'ENOSPC' });
  assert.deepEqual((await readdir(dir)).sort(), ['server.key']);
});

test('after the failures the space is free again: a small write succeeds', async () => {
  await writeFileAtomic(path.join(dir, 'server.key'), 'the new key\n', { mode: 0o600 });
  assert.equal(await readFile(path.join(dir, 'server.key'), 'utf8'), 'the new key\n');
  assert.deepEqual(await readdir(dir), ['server.key']);
});
