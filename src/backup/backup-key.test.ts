import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, UsageError } from '../shared/errors.js';
import { readKeyFile, resolveBackupKey } from './backup-key.js';
import { verifyArchive } from './verify-archive.js';
import { writeArchive } from './write-archive.js';

let dir: string;
const key = randomBytes(32);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-backup-key-'));
  await mkdir(path.join(dir, 'keys'), { mode: 0o700 });
  await mkdir(path.join(dir, 'archives'), { mode: 0o700 });
});
after(() => rm(dir, { recursive: true, force: true }));

async function keyFile(name: string, content: string | Buffer, mode: number): Promise<string> {
  const file = path.join(dir, 'keys', name);
  await writeFile(file, content, { mode });
  await chmod(file, mode);
  return file;
}

/** A usage error (exit 2) whose message and hint match, and which never quotes the secret. */
const usage = (message: RegExp, hint?: RegExp, secret?: string) => (error: unknown) => {
  assert.ok(error instanceof UsageError, String(error));
  assert.equal(error.exitCode, ExitCode.usage);
  assert.match(error.message, message);
  if (hint) assert.match(error.hint ?? '', hint);
  if (secret) assert.ok(!`${error.message} ${error.hint}`.includes(secret), 'the error quotes the secret');
  return true;
};

describe('ROCKETCTL_BACKUP_KEY and ROCKETCTL_BACKUP_PASSPHRASE', () => {
  test('the key is the base64 of 32 bytes; anything else is refused without quoting it', async () => {
    const resolved = await resolveBackupKey({ env: { ROCKETCTL_BACKUP_KEY: `${key.toString('base64')}\n` } });
    assert.equal(resolved.kind, 'raw');
    assert.deepEqual(resolved.kind === 'raw' && resolved.key, key);
    assert.equal(resolved.origin, 'ROCKETCTL_BACKUP_KEY');
    const short = randomBytes(16).toString('base64');
    await assert.rejects(
      resolveBackupKey({ env: { ROCKETCTL_BACKUP_KEY: short } }),
      usage(/ROCKETCTL_BACKUP_KEY is not the base64 of 32 bytes \(it decodes to 16\)/, /head -c 32/, short),
    );
    const hexKey = key.toString('hex');
    await assert.rejects(resolveBackupKey({ env: { ROCKETCTL_BACKUP_KEY: hexKey } }), usage(/not the base64 of 32 bytes/, undefined, hexKey));
  });

  test('a passphrase from the environment; more than one source, or none, is a usage error', async () => {
    const resolved = await resolveBackupKey({ env: { ROCKETCTL_BACKUP_PASSPHRASE: 'correct horse battery staple' } });
    assert.deepEqual(resolved, { kind: 'passphrase', passphrase: 'correct horse battery staple', origin: 'ROCKETCTL_BACKUP_PASSPHRASE' });
    await assert.rejects(
      resolveBackupKey({ env: { ROCKETCTL_BACKUP_KEY: key.toString('base64'), ROCKETCTL_BACKUP_PASSPHRASE: 'correct horse battery staple' } }),
      usage(/more than one backup key was given: ROCKETCTL_BACKUP_KEY and ROCKETCTL_BACKUP_PASSPHRASE/, /exactly one/),
    );
    await assert.rejects(
      resolveBackupKey({ env: { ROCKETCTL_BACKUP_KEY: key.toString('base64') }, keyFile: '/k' }),
      usage(/a key file \(\/k\) and ROCKETCTL_BACKUP_KEY/),
    );
    await assert.rejects(resolveBackupKey({ env: {} }), usage(/no backup key was given/, /ROCKETCTL_BACKUP_KEY/));
  });
});

describe('key files', () => {
  test('32 raw bytes or their base64 text (with a newline), mode 0600 or 0400, are read', async () => {
    const raw = await readKeyFile(await keyFile('raw.key', key, 0o600));
    assert.deepEqual(raw.kind === 'raw' && raw.key, key);
    const text = await readKeyFile(await keyFile('text.key', `${key.toString('base64')}\n`, 0o400));
    assert.deepEqual(text.kind === 'raw' && text.key, key);
    assert.equal(text.origin, `key file ${path.join(dir, 'keys', 'text.key')}`);
  });

  test('a key file its group or others may read or write is refused, with the chmod that fixes it', async () => {
    for (const mode of [0o640, 0o604, 0o660, 0o644, 0o602]) {
      const file = await keyFile(`loose-${mode.toString(8)}.key`, key, mode);
      await assert.rejects(
        readKeyFile(file),
        usage(
          new RegExp(`has mode ${mode.toString(8)}: its group or other users may read or change it`),
          new RegExp(`^chmod 600 ${file.replace(/[.]/g, '[.]')}`),
        ),
        mode.toString(8),
      );
    }
  });

  test('a link to a private key file is followed (mounted secrets); the file it reaches is what is checked', async () => {
    const target = await keyFile('target.key', key, 0o600);
    const link = path.join(dir, 'keys', 'link.key');
    await symlink(target, link);
    const resolved = await readKeyFile(link);
    assert.deepEqual(resolved.kind === 'raw' && resolved.key, key);
    await chmod(target, 0o644);
    await assert.rejects(readKeyFile(link), usage(/has mode 644/));
  });

  test('a missing file, a folder, or content that is no key is refused', async () => {
    await assert.rejects(readKeyFile(path.join(dir, 'keys', 'missing.key')), usage(/does not exist/, /head -c 32/));
    await assert.rejects(readKeyFile(path.join(dir, 'keys')), usage(/is not a regular file/));
    const secretish = randomBytes(24).toString('base64');
    await assert.rejects(
      readKeyFile(await keyFile('short.key', `${secretish}\n`, 0o600)),
      usage(/is not the base64 of 32 bytes \(it decodes to 24\)/, /32 raw bytes/, secretish),
    );
    // Exactly 32 characters of text (here base64 of 24 bytes; `openssl rand -hex 16` alike) is not taken for a raw key.
    await assert.rejects(readKeyFile(await keyFile('text32.key', secretish, 0o600)), usage(/holds 32 printable characters/, /44 characters/, secretish));
    await assert.rejects(readKeyFile(await keyFile('empty.key', '', 0o600)), usage(/is not the base64 of 32 bytes/));
  });

  test('a key file in the folder the archive goes to is refused, and nothing is written', async () => {
    const beside = path.join(dir, 'archives', 'backup.key');
    await writeFile(beside, key, { mode: 0o600 });
    const archive = path.join(dir, 'archives', 'backup.rcbk');
    await assert.rejects(
      writeArchive(archive, [{ name: 'a', content: Buffer.from('x') }], { key: await readKeyFile(beside), project: 'rocket' }),
      usage(/is in the folder the archive goes to/, /another place/),
    );
    assert.equal(existsSync(archive), false);
    // The same key from elsewhere writes, and the archive opens with it however it is given.
    await writeArchive(archive, [{ name: 'a', content: Buffer.from('x') }], {
      key: await readKeyFile(await keyFile('elsewhere.key', key, 0o600)),
      project: 'rocket',
    });
    assert.equal((await verifyArchive(archive, await resolveBackupKey({ env: { ROCKETCTL_BACKUP_KEY: key.toString('base64') } }))).ok, true);
  });
});
