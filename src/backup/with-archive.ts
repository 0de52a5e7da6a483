import { createHash } from 'node:crypto';
import { ArchiveDamagedError, partFailure } from './archive-errors.js';
import { contentMismatch } from './archive-manifest.js';
import type { BackupKey } from './backup-key.js';
import { findPart, openArchive, partRecords } from './open-archive.js';

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
      const index = findPart(archive, name);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      for await (const plaintext of partRecords(archive, index, signal)) {
        hash.update(plaintext);
        chunks.push(plaintext);
      }
      const bytes = Buffer.concat(chunks);
      const entry = archive.manifest.parts[index]!;
      const mismatch = contentMismatch(entry, bytes.length, hash.digest('hex'));
      if (mismatch) throw new ArchiveDamagedError('part', `archive ${file}: ${partFailure(name, mismatch)}`, name);
      return bytes;
    };
    return await use(
      part,
      archive.manifest.parts.map((entry) => entry.name),
    );
  } finally {
    await archive.handle.close();
  }
}
