import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from '../shared/errors.js';
import { registerSecret } from '../shared/redact.js';

/** What opens a backup archive. `origin` names where it came from, for messages; the value is never printed. */
export type BackupKey = { kind: 'raw'; key: Buffer; origin: string; file?: string } | { kind: 'passphrase'; passphrase: string; origin: string };

export const KEY_VARIABLE = 'ROCKETCTL_BACKUP_KEY';
export const PASSPHRASE_VARIABLE = 'ROCKETCTL_BACKUP_PASSPHRASE';
export const KEY_BYTES = 32;
/** Only enforced when writing: reading takes whatever passphrase the archive was written with. */
export const MIN_PASSPHRASE_LENGTH = 12;
const MAX_KEY_FILE_BYTES = 4096;

const MAKE_KEY = `make one with \`(umask 077; head -c 32 /dev/urandom | base64 > backup.key)\` and keep it away from the archives`;

export interface KeySources {
  env: NodeJS.ProcessEnv;
  keyFile?: string;
  passphrase?: string;
}

/** Exactly one source: a key file, a passphrase, ROCKETCTL_BACKUP_KEY or ROCKETCTL_BACKUP_PASSPHRASE. */
export async function resolveBackupKey(sources: KeySources): Promise<BackupKey> {
  const given = [
    sources.keyFile !== undefined && `a key file (${sources.keyFile})`,
    sources.passphrase !== undefined && 'a passphrase',
    isSet(sources.env[KEY_VARIABLE]) && KEY_VARIABLE,
    isSet(sources.env[PASSPHRASE_VARIABLE]) && PASSPHRASE_VARIABLE,
  ].filter((s): s is string => typeof s === 'string');
  if (given.length > 1)
    throw new UsageError(
      `more than one backup key was given: ${given.join(' and ')}`,
      'give exactly one, so an archive is never written with a key you did not mean (unset the variable you do not want)',
    );
  if (sources.keyFile !== undefined) return readKeyFile(sources.keyFile);
  if (sources.passphrase !== undefined) return passphraseKey(sources.passphrase, 'the passphrase');
  const encoded = sources.env[KEY_VARIABLE];
  if (isSet(encoded)) return { kind: 'raw', key: keyFromBase64(encoded, KEY_VARIABLE, MAKE_KEY), origin: KEY_VARIABLE };
  const passphrase = sources.env[PASSPHRASE_VARIABLE];
  if (isSet(passphrase)) return passphraseKey(passphrase, PASSPHRASE_VARIABLE);
  throw new UsageError(
    'no backup key was given',
    `set ${KEY_VARIABLE} (base64 of 32 random bytes), give a key file, or set ${PASSPHRASE_VARIABLE}; ${MAKE_KEY}`,
  );
}

export function passphraseKey(passphrase: string, origin: string): BackupKey {
  if (passphrase.length === 0) throw new UsageError(`${origin} is empty`, `give the passphrase, or use a key (${KEY_VARIABLE}) instead`);
  registerSecret(passphrase);
  return { kind: 'passphrase', passphrase, origin };
}

/**
 * A key file holds 32 raw bytes or their base64. It is refused if its group or others may read or write it. Symbolic
 * links are followed on purpose (container and Kubernetes secrets are mounted through them): the file reached is
 * what is checked, on the opened descriptor.
 */
export async function readKeyFile(file: string): Promise<BackupKey> {
  const origin = `key file ${file}`;
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`${origin} does not exist`, `give the file the archive was written with; to start, ${MAKE_KEY}`);
    throw new UsageError(`${origin} cannot be opened: ${error.code ?? error.message}`, 'check the file and its folder permissions');
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UsageError(`${origin} is not a regular file`, 'give the path of the key file itself');
    const mode = stats.mode & 0o777;
    if ((mode & 0o077) !== 0)
      throw new UsageError(
        `${origin} has mode ${mode.toString(8).padStart(3, '0')}: its group or other users may read or change it`,
        `chmod 600 ${file} (and if others could read it, make a new key for the next backups)`,
      );
    if (stats.size > MAX_KEY_FILE_BYTES) throw new UsageError(`${origin} is ${stats.size} bytes: not a key`, `a key file holds 32 raw bytes or their base64`);
    const bytes = await handle.readFile();
    if (bytes.length === KEY_BYTES) {
      // 32 random bytes are all printable with a chance of 1 in 10^14: this is a typed or encoded value (a 32-digit
      // hex string holds half the key it seems to), not a key.
      if (bytes.every((b) => b >= 0x20 && b < 0x7f))
        throw new UsageError(
          `${origin} holds 32 printable characters: text, not 32 random bytes`,
          'a key file holds 32 raw bytes or their base64 (44 characters)',
        );
      return { kind: 'raw', key: Buffer.from(bytes), origin, file };
    }
    return { kind: 'raw', key: keyFromBase64(bytes.toString('latin1'), origin, 'a key file holds 32 raw bytes or their base64'), origin, file };
  } finally {
    await handle.close();
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 of exactly 32 bytes (surrounding whitespace, such as a final newline, is allowed). Never quotes the value. */
export function keyFromBase64(text: string, origin: string, fix: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!BASE64.test(trimmed) || key.length !== KEY_BYTES)
    throw new UsageError(`${origin} is not the base64 of ${KEY_BYTES} bytes${BASE64.test(trimmed) ? ` (it decodes to ${key.length})` : ''}`, fix);
  registerSecret(trimmed);
  return key;
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';
