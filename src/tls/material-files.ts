import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/atomic-write.js';

export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

/** Key first, then certificate: an interruption between them leaves a mismatched pair the next run re-issues. */
export async function writeKeyPair(keyFile: string, keyPem: string, certFile: string, certPem: string): Promise<void> {
  await writeFileAtomic(keyFile, keyPem, { mode: KEY_MODE });
  await writeFileAtomic(certFile, certPem, { mode: CERT_MODE });
}

/** Writes only when the content differs, so a no-op run leaves every byte and mtime alone. */
export async function writeIfChanged(file: string, data: string | Buffer, mode: number): Promise<boolean> {
  const current = await readFile(file).catch(() => null);
  if (current && current.equals(Buffer.from(data))) return false;
  await writeFileAtomic(file, data, { mode });
  return true;
}
