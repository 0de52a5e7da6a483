import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { ensureSecrets } from '../secrets/secrets.js';
import { silentLogger } from '../shared/log.js';
import { seal } from '../workers/observer/envelope.js';
import { loadKeyring } from '../workers/observer/keyring.js';
import { observerStorePath, openObserverStore } from '../workers/observer/store.js';
import { observerDecrypt } from './observer-decrypt.js';

// The observer's real local store (LevelDB) in a throwaway project; CouchDB is not involved (--from local).
test('observer decrypt: the payload, id, key id and version come out as verified; the clear type and ts apart, as unverified', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-decrypt-'));
  try {
    const config = await loadConfig({ cwd: dir, env: {} });
    const keyring = await loadKeyring(config.stateDir, await ensureSecrets({ config, env: {}, log: silentLogger }));
    const id = 'obs-0123456789-000000000007';
    const payload = { type: 'telemetry', seq: 7, altitude_m: 812.5 };
    const store = await openObserverStore(observerStorePath(config.workersDir));
    // Someone with write access changed the clear fields; the envelope is the observer's, untouched.
    await store.insert({ _id: id, type: 'alert\u001b[2J', ts: 4_102_444_800_000, enc: seal(id, payload, keyring.current) });
    await store.close();

    const result = await observerDecrypt({ config, env: {}, signal: new AbortController().signal, log: silentLogger }, id, { from: 'local' });

    assert.deepEqual(result, {
      from: 'local',
      verified: { id, kid: keyring.current.id, v: 1, payload },
      unverified: { type: 'alert [2J', ts: 4_102_444_800_000 },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
