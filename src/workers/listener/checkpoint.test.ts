import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listenerCheckpointPath, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { changeMetadata, isPublishable, toMessage } from './metadata.js';

test('checkpoint: absent → null; written 0600 and read back; corrupt → an error with the fix, never a silent restart', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-checkpoint-'));
  try {
    const file = listenerCheckpointPath(dir);
    assert.equal(await readCheckpoint(file), null);
    await writeCheckpoint(file, { since: '42-g1AAAA', published: 40, updatedAt: 'now' });
    assert.deepEqual(await readCheckpoint(file), { since: '42-g1AAAA', published: 40, updatedAt: 'now' });
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    await writeFile(file, '{"since":');
    await assert.rejects(readCheckpoint(file), /listener checkpoint .* is corrupt/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('metadata: {id, seq, type, ts} only, never the payload; keyed by document id; design documents skipped', () => {
  const change = { id: 'obs-a-1', seq: 7, doc: { _id: 'obs-a-1', _rev: '1-x', type: 'telemetry', ts: 123, enc: { ct: 'SECRET' } } };
  const message = toMessage(changeMetadata(change));
  assert.deepEqual(message, { key: 'obs-a-1', value: JSON.stringify({ id: 'obs-a-1', seq: 7, type: 'telemetry', ts: 123 }) });
  assert.deepEqual(changeMetadata({ id: 'gone', seq: 8, deleted: true, doc: { _deleted: true } as never }), { id: 'gone', seq: 8, type: 'deleted', ts: null });
  assert.equal(isPublishable({ id: '_design/telemetry-access', seq: 1 }), false);
});
