import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pack } from 'tar-stream';
import { tarOfFolder } from '../backup-parts/project-files.js';
import { extractFolder, writePrivateFile } from './project-files.js';

async function tarOf(entries: { name: string; mode?: number; type?: 'file' | 'directory' | 'symlink'; linkname?: string; body?: string }[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  for (const entry of entries)
    archive.entry(
      { name: entry.name, mode: entry.mode ?? 0o644, type: entry.type ?? 'file', ...(entry.linkname ? { linkname: entry.linkname } : {}) },
      entry.body ?? '',
    );
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

test('the certificates folder round-trips through its tar: same files, same bytes, private keys still 0600', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-restore-files-'));
  try {
    const from = path.join(dir, 'certs');
    await mkdir(path.join(from, 'ca'), { recursive: true });
    await writeFile(path.join(from, 'ca', 'ca.crt'), 'CERT', { mode: 0o644 });
    await writeFile(path.join(from, 'ca', 'ca.key'), 'KEY', { mode: 0o600 });
    const to = path.join(dir, 'restored');
    assert.equal(await extractFolder(await tarOfFolder(from), to), 2);
    assert.deepEqual(await readdir(path.join(to, 'ca')), ['ca.crt', 'ca.key']);
    assert.equal(await readFile(path.join(to, 'ca', 'ca.key'), 'utf8'), 'KEY');
    assert.equal((await stat(path.join(to, 'ca', 'ca.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(to, 'ca', 'ca.crt'))).mode & 0o777, 0o644);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a tar entry outside the folder or a link is refused, and an existing file is never overwritten', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-restore-files-'));
  try {
    const root = path.join(dir, 'certs');
    await assert.rejects(extractFolder(await tarOf([{ name: '../evil.txt', body: 'x' }]), root), /a name outside the certificates folder/);
    await assert.rejects(extractFolder(await tarOf([{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }]), root), /a symlink entry/);
    await assert.rejects(readFile(path.join(dir, 'evil.txt')));
    await writePrivateFile(path.join(dir, 'state', 'secrets.env'), Buffer.from('A=1\n'));
    assert.equal((await stat(path.join(dir, 'state', 'secrets.env'))).mode & 0o777, 0o600);
    await assert.rejects(writePrivateFile(path.join(dir, 'state', 'secrets.env'), Buffer.from('B=2\n')), /EEXIST/);
    assert.equal(await readFile(path.join(dir, 'state', 'secrets.env'), 'utf8'), 'A=1\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
