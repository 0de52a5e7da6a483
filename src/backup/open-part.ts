import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ArchiveDamagedError, partFailure } from './archive-errors.js';
import { contentMismatch } from './archive-manifest.js';
import type { BackupKey } from './backup-key.js';
import { findPart, openArchive, partRecords, type OpenedArchive } from './open-archive.js';

/**
 * A part's plaintext as a stream. The header, key and manifest are checked before this resolves (a wrong key or an
 * unknown part name rejects here); then each record is emitted only after its tag is checked, and the stream errors
 * with an ArchiveDamagedError at the first record that fails. Restore verifies the whole archive first, so a failure
 * here means the file changed in between.
 */
export async function openPart(file: string, key: BackupKey, name: string, options: { signal?: AbortSignal } = {}): Promise<Readable> {
  const archive = await openArchive(file, key, options.signal);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= archive.handle.close());
  let index: number;
  try {
    index = findPart(archive, name);
  } catch (error) {
    await close();
    throw error;
  }
  const stream = Readable.from(authenticated(archive, index, close, options.signal), { objectMode: false });
  // A stream destroyed before its first read never enters the generator, so its `finally` would not close the file.
  stream.once('close', () => void close().catch(() => undefined));
  return stream;
}

async function* authenticated(archive: OpenedArchive, index: number, close: () => Promise<void>, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  try {
    yield* checkedPartRecords(archive, index, signal);
  } finally {
    await close();
  }
}

/** A part's records as `partRecords` gives them, then its size and sha256 checked against the manifest at its end. */
export async function* checkedPartRecords(archive: OpenedArchive, index: number, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const part = archive.manifest.parts[index]!;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const plaintext of partRecords(archive, index, signal)) {
    hash.update(plaintext);
    bytes += plaintext.length;
    yield plaintext;
  }
  const mismatch = contentMismatch(part, bytes, hash.digest('hex'));
  if (mismatch) throw new ArchiveDamagedError('part', `archive ${archive.file}: ${partFailure(part.name, mismatch)}`, part.name);
}
