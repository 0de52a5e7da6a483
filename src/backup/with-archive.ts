import type { BackupKey } from './backup-key.js';
import { findPart, openArchive } from './open-archive.js';
import { checkedPartRecords } from './open-part.js';

/** A part's plaintext, whole, checked against the manifest's size and sha256. */
export type ReadPart = (name: string) => Promise<Buffer>;

/**
 * Opens the archive once (the key derived once: a passphrase's scrypt is the slow part) for `use`, which reads the
 * parts it needs, each whole and authenticated record by record; the file is closed when `use` ends.
 */
export async function withArchive<T>(
  file: string,
  key: BackupKey,
  signal: AbortSignal | undefined,
  use: (part: ReadPart, names: readonly string[]) => Promise<T>,
): Promise<T> {
  const archive = await openArchive(file, key, signal);
  try {
    const part: ReadPart = async (name) => {
      const chunks: Buffer[] = [];
      for await (const plaintext of checkedPartRecords(archive, findPart(archive, name), signal)) chunks.push(plaintext);
      return Buffer.concat(chunks);
    };
    return await use(
      part,
      archive.manifest.parts.map((entry) => entry.name),
    );
  } finally {
    await archive.handle.close();
  }
}
