import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { keyId, seal } from './envelope.js';
import { observerIdentity, observationId } from './identity.js';
import { openObserverStore } from './store.js';

const key = (() => {
  const raw = randomBytes(32);
  return { id: keyId(raw), key: raw };
})();
const doc = (id: string) => ({ _id: id, type: 'telemetry', ts: Date.now(), enc: seal(id, { n: id }, key) });

test('store (real LevelDB): concurrent inserts coalesce; an id already stored is kept; folder 0700; ids resume after reopen', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-store-'));
  try {
    const directory = path.join(dir, 'workers', 'observer', 'pouchdb');
    let store = await openObserverStore(directory);
    const { instance, nextNumber } = await observerIdentity(store.db);
    assert.equal(nextNumber, 0);
    const ids = Array.from({ length: 1500 }, (_, n) => observationId(instance, n));
    const outcomes = await Promise.all(ids.map((id) => store.insert(doc(id))));
    assert.deepEqual(new Set(outcomes), new Set(['written']));
    assert.equal(await store.insert(doc(ids[7]!)), 'exists');
    assert.equal((await store.get(ids[7]!))?._id, ids[7]);
    assert.equal(await store.get('obs-none'), null);
    assert.equal((await stat(directory)).mode & 0o777, 0o700);
    await store.close();
    await store.close();
    store = await openObserverStore(directory);
    assert.deepEqual(await observerIdentity(store.db), { instance, nextNumber: 1500 });
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('store: a second process cannot open a store in use, and is told so', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-store-'));
  const store = await openObserverStore(path.join(dir, 'pouchdb'));
  try {
    const module = fileURLToPath(new URL('./store.js', import.meta.url));
    const script = `import(${JSON.stringify(module)}).then((m) => m.openObserverStore(${JSON.stringify(path.join(dir, 'pouchdb'))})).then(() => console.log('opened'), (e) => console.log(e.message + ' | ' + e.hint))`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
    assert.match(stdout, /is in use by another process \(a running observer\) \| read from CouchDB instead/);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
