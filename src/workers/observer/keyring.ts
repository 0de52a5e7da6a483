import path from 'node:path';
import type { Secrets } from '../../secrets/secrets.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { OperationError, UsageError } from '../../shared/errors.js';
import { readOwnFile } from '../../shared/own-file.js';
import { registerSecret } from '../../shared/redact.js';
import { keyId, type ObserverKey } from './envelope.js';

export const KEY_SECRET = 'OBSERVER_ENCRYPTION_KEY';

/**
 * Rotation keeps old documents readable: `observer rotate-key` first appends the current key to this file
 * (`kid=key` lines, 0600, never rewritten without them), then replaces the secret. New documents are sealed
 * with the new key; every envelope names its key id, and decryption looks the id up here.
 */
export const retiredKeysPath = (stateDir: string): string => path.join(stateDir, 'observer-retired-keys.env');

export interface Keyring {
  current: ObserverKey;
  /** Every key that may open a document, current and retired, by key id. */
  keys: ReadonlyMap<string, Buffer>;
}

export function decodeKey(value: string, source: string): Buffer {
  const key = Buffer.from(value, 'base64url');
  if (key.length !== 32 || key.toString('base64url') !== value) {
    throw new UsageError(
      `${source}: the observer key must be 32 bytes in base64url (43 characters), got ${value.length} characters`,
      `generate one with \`node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"\`, or unset the override to use the generated key`,
    );
  }
  return key;
}

/** Far more than any number of rotations writes: a larger file is refused unread. */
const MAX_RETIRED_KEYS_BYTES = 1024 * 1024;

/**
 * The retired keys, from a regular file of this user's with mode 0600: a looser file is refused (the keys open
 * every older document), and so is a symbolic link, which rotate-key would otherwise replace by a regular file,
 * leaving the linked copy (a backup) without the keys retired after that. An editor's CRLF line ends, byte-order
 * mark or trailing spaces are tolerated.
 */
export async function readRetiredKeys(stateDir: string): Promise<Map<string, Buffer>> {
  const file = retiredKeysPath(stateDir);
  const text =
    (await readOwnFile(file, {
      what: 'retired-keys file',
      maxBytes: MAX_RETIRED_KEYS_BYTES,
      mode: 0o600,
      remedy: `put the file itself in its place (a regular file of this user's, \`chmod 600 ${file}\`): its keys are the only way to read documents sealed before a rotation`,
    })) ?? '';
  const keys = new Map<string, Buffer>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^(k1-[0-9a-f]{16})=([A-Za-z0-9_-]{43})$/.exec(line);
      const key = match ? Buffer.from(match[2]!, 'base64url') : undefined;
      if (!match || !key || keyId(key) !== match[1]) {
        throw new OperationError(
          `${file} is corrupt at line ${index + 1}`,
          'restore it from a backup: its keys are the only way to read documents sealed before a rotation',
        );
      }
      registerSecret(match[2]!);
      keys.set(match[1]!, key);
    });
  return keys;
}

export async function loadKeyring(stateDir: string, secrets: Secrets): Promise<Keyring> {
  const key = decodeKey(secrets.get(KEY_SECRET), secrets.source(KEY_SECRET));
  const current = { id: keyId(key), key };
  const keys = new Map(await readRetiredKeys(stateDir));
  keys.set(current.id, current.key);
  return { current, keys };
}

/** Appends the current key to the retired keys (atomic rewrite, fsync, 0600) unless it is already there. */
export async function retireKey(stateDir: string, key: ObserverKey): Promise<boolean> {
  const retired = await readRetiredKeys(stateDir);
  if (retired.has(key.id)) return false;
  retired.set(key.id, key.key);
  const lines = ['# rocketctl observer: retired AES-256-GCM keys (kid=key). Documents sealed before a rotation need them. Keep 0600, back up with the data.'];
  for (const [id, value] of retired) lines.push(`${id}=${value.toString('base64url')}`);
  await writeFileAtomic(retiredKeysPath(stateDir), `${lines.join('\n')}\n`, { mode: 0o600 });
  return true;
}
