import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, lstat, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ensureSecrets } from '../secrets/secrets.js';
import { silentLogger } from '../shared/log.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { observerRotateKey } from './observer-rotate-key.js';
import { loadConfig } from '../config/load.js';
import { keyId, open, seal } from '../workers/observer/envelope.js';
import { KEY_SECRET, loadKeyring, retiredKeysPath } from '../workers/observer/keyring.js';

async function project(run: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-keyring-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('rotation: documents sealed with the old key still open, new ones use the new key; the retired file is 0600', () =>
  project(async (dir) => {
    const config = await loadConfig({ cwd: dir, env: {} });
    const context = { config, env: {}, signal: new AbortController().signal, log: silentLogger };
    const before = await loadKeyring(config.stateDir, await ensureSecrets({ config, env: {}, log: silentLogger }));
    const old = seal('obs-x-1', { n: 1 }, before.current);
    const rotated = await observerRotateKey(context);
    assert.equal(rotated.retired, before.current.id);
    assert.notEqual(rotated.current, before.current.id);
    const after = await loadKeyring(config.stateDir, await ensureSecrets({ config, env: {}, log: silentLogger }));
    assert.equal(after.current.id, rotated.current);
    assert.deepEqual(open('obs-x-1', old, after.keys), { n: 1 });
    assert.equal(seal('obs-x-2', { n: 2 }, after.current).kid, rotated.current);
    assert.equal((await stat(retiredKeysPath(config.stateDir))).mode & 0o777, 0o600);
    // A second rotation keeps both earlier keys.
    await observerRotateKey(context);
    const third = await loadKeyring(config.stateDir, await ensureSecrets({ config, env: {}, log: silentLogger }));
    assert.deepEqual(open('obs-x-1', old, third.keys), { n: 1 });
    assert.equal(third.keys.size, 3);
  }));

test('a corrupt retired-keys file is refused (never silently dropped); a bad override is a usage error', () =>
  project(async (dir) => {
    const config = await loadConfig({ cwd: dir, env: {} });
    const secrets = await ensureSecrets({ config, env: {}, log: silentLogger });
    await writeFile(retiredKeysPath(config.stateDir), 'k1-0000000000000000=AAAA\n', { mode: 0o600 });
    await assert.rejects(loadKeyring(config.stateDir, secrets), /observer-retired-keys.env is corrupt at line 1/);
    const short = await ensureSecrets({ config, env: { ROCKETCTL_OBSERVER_ENCRYPTION_KEY: 'too-short-for-a-key-123' }, log: silentLogger });
    await assert.rejects(
      loadKeyring(config.stateDir, short),
      (e: unknown) => e instanceof UsageError && /ROCKETCTL_OBSERVER_ENCRYPTION_KEY: the observer key must be 32 bytes/.test(e.message),
    );
    const context = { config, env: { ROCKETCTL_OBSERVER_ENCRYPTION_KEY: 'x'.repeat(43) }, signal: new AbortController().signal, log: silentLogger };
    await assert.rejects(observerRotateKey(context), (e: unknown) => e instanceof UsageError && /set by ROCKETCTL_OBSERVER_ENCRYPTION_KEY/.test(e.message));
    assert.match(await readFile(retiredKeysPath(config.stateDir), 'utf8'), /AAAA/, 'the refused file was left as it was');
  }));

const retiredLine = () => {
  const key = randomBytes(32);
  return { id: keyId(key), line: `${keyId(key)}=${key.toString('base64url')}` };
};

test('an edited retired-keys file still opens: CRLF line ends, a byte-order mark, spaces around a line', () =>
  project(async (dir) => {
    const config = await loadConfig({ cwd: dir, env: {} });
    const secrets = await ensureSecrets({ config, env: {}, log: silentLogger });
    const [first, second] = [retiredLine(), retiredLine()];
    await writeFile(retiredKeysPath(config.stateDir), `\uFEFF# saved from an editor\r\n${first.line}  \r\n\r\n  ${second.line}\t\r\n`, { mode: 0o600 });
    const { keys } = await loadKeyring(config.stateDir, secrets);
    assert.deepEqual([keys.has(first.id), keys.has(second.id)], [true, true]);
  }));

test('a retired-keys file that is not 0600 is refused, the fix naming chmod 600', () =>
  project(async (dir) => {
    const config = await loadConfig({ cwd: dir, env: {} });
    const secrets = await ensureSecrets({ config, env: {}, log: silentLogger });
    const file = retiredKeysPath(config.stateDir);
    await writeFile(file, `${retiredLine().line}\n`, { mode: 0o600 });
    await chmod(file, 0o644);
    await assert.rejects(
      loadKeyring(config.stateDir, secrets),
      (e: unknown) => e instanceof OperationError && /has mode 644, not 600/.test(e.message) && e.hint === `chmod 600 ${file}`,
    );
  }));

test('a symlinked retired-keys file is refused: rotate-key leaves the link, its target and the key as they were', () =>
  project(async (dir) => {
    const config = await loadConfig({ cwd: dir, env: {} });
    const context = { config, env: {}, signal: new AbortController().signal, log: silentLogger };
    const secrets = await ensureSecrets({ config, env: {}, log: silentLogger });
    const backup = path.join(dir, 'backup-retired-keys.env');
    const backupText = `${retiredLine().line}\n`;
    await writeFile(backup, backupText, { mode: 0o600 });
    const file = retiredKeysPath(config.stateDir);
    await symlink(backup, file);
    await assert.rejects(observerRotateKey(context), (e: unknown) => e instanceof OperationError && /is a symbolic link, not a regular file/.test(e.message));
    assert.equal((await lstat(file)).isSymbolicLink(), true, 'the link is still a link');
    assert.equal(await readlink(file), backup);
    assert.equal(await readFile(backup, 'utf8'), backupText, 'the linked copy is unchanged');
    const after = await ensureSecrets({ config, env: {}, log: silentLogger });
    assert.equal(after.get(KEY_SECRET), secrets.get(KEY_SECRET), 'the key was not rotated');
  }));
