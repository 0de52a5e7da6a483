import { hkdfSync, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { KEY_CHECK_BYTES, scryptMemory, type ArchiveHeader, type ScryptParams } from './archive-format.js';
import type { BackupKey } from './backup-key.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: object) => Promise<Buffer>;

/** The keys one archive uses, all derived from the master key and the archive's own salt (HKDF-SHA256). */
export interface ArchiveKeys {
  records: Buffer;
  manifest: Buffer;
  /** Stored in the header: tells a wrong key from a damaged archive before anything else is decrypted. */
  check: Buffer;
}

/** The 32-byte master key: the raw key itself, or the passphrase stretched by scrypt with the header's salt. */
export async function masterKey(key: BackupKey, scryptParams?: ScryptParams & { salt: Buffer }): Promise<Buffer> {
  if (key.kind === 'raw') return key.key;
  if (!scryptParams) throw new Error('a passphrase needs scrypt parameters');
  const { logN, r, p, salt } = scryptParams;
  // Node's default maxmem (32 MiB) is just below what N = 2^15, r = 8 needs.
  return scryptAsync(key.passphrase.normalize('NFC'), salt, 32, { N: 2 ** logN, r, p, maxmem: 2 * scryptMemory(scryptParams) });
}

export function archiveKeys(master: Buffer, salt: Buffer): ArchiveKeys {
  const derive = (purpose: string, length: number) => Buffer.from(hkdfSync('sha256', master, salt, `rocketctl backup archive v1: ${purpose}`, length));
  return { records: derive('records', 32), manifest: derive('manifest', 32), check: derive('key check', KEY_CHECK_BYTES) };
}

export const keyOpens = (keys: ArchiveKeys, header: ArchiveHeader): boolean => timingSafeEqual(keys.check, header.keyCheck);
