import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertWritable } from './writable.js';

test('the writability probe survives a probe left by a killed run of the same pid, and concurrent checks', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-writable-'));
  try {
    // Inside a container every run is pid 1: a probe left by a killed run carries the pid alone.
    await writeFile(path.join(dir, `.rocketctl-write-probe-${process.pid}`), '');
    await assertWritable([dir], () => 0o755);
    await Promise.all(Array.from({ length: 8 }, () => assertWritable([dir], () => 0o755)));
    assert.deepEqual(await readdir(dir), [`.rocketctl-write-probe-${process.pid}`], 'every probe of ours was removed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
