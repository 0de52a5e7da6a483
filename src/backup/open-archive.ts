import { createDecipheriv } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UsageError, throwIfAborted } from '../shared/errors.js';
import {
  FORMAT_VERSION,
  HEADER_BYTES,
  MANIFEST_NONCE,
  MAX_MANIFEST_BYTES,
  TAG_BYTES,
  TRAILER_BYTES,
  decodeHeader,
  decodeTrailer,
  manifestAad,
  recordAad,
  recordNonce,
  type ArchiveHeader,
} from './archive-format.js';
import { ArchiveDamagedError, WrongKeyError, partFailure, recordFailure } from './archive-errors.js';
import { archiveKeys, keyOpens, masterKey, type ArchiveKeys } from './archive-keys.js';
import { manifestLayoutProblem, manifestSchema, type ArchiveManifest, type ManifestPart } from './archive-manifest.js';
import { KEY_VARIABLE, PASSPHRASE_VARIABLE, type BackupKey } from './backup-key.js';

/** An archive whose header, key and manifest have been checked; its parts are not read yet. Close the handle. */
export interface OpenedArchive {
  file: string;
  handle: FileHandle;
  header: ArchiveHeader;
  headerBytes: Buffer;
  keys: ArchiveKeys;
  manifest: ArchiveManifest;
}

/**
 * Opens read-only and checks, in order: the header (magic, digest, version, fields), the trailer (the archive ends
 * where its trailer says), the key (against the header's key check: a wrong key is told before anything is
 * decrypted), then decrypts and authenticates the manifest, whose AAD is the header and the trailer.
 */
export async function openArchive(file: string, key: BackupKey, signal?: AbortSignal): Promise<OpenedArchive> {
  // O_NONBLOCK: a named pipe planted under the archive's name must not hang the open.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`backup archive ${file} does not exist`, 'give the path of an archive rocketctl wrote');
    throw new UsageError(`backup archive ${file} cannot be opened: ${error.code ?? error.message}`, 'check the file and its folder permissions');
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UsageError(`${file} is not a regular file`, 'give the path of an archive rocketctl wrote');
    const headerBytes = await readAt(handle, Math.min(HEADER_BYTES, stats.size), 0);
    const header = checkHeader(file, headerBytes);
    const trailer = decodeTrailer(
      stats.size < HEADER_BYTES + TRAILER_BYTES ? Buffer.alloc(0) : await readAt(handle, TRAILER_BYTES, stats.size - TRAILER_BYTES),
    );
    if (
      !trailer ||
      trailer.manifestOffset < HEADER_BYTES ||
      trailer.manifestLength < TAG_BYTES ||
      trailer.manifestLength > MAX_MANIFEST_BYTES ||
      trailer.manifestOffset + trailer.manifestLength + TRAILER_BYTES !== stats.size
    )
      throw new ArchiveDamagedError(
        'trailer',
        `archive ${file} does not end with its trailer: it was truncated, had bytes appended, or its end was modified (${stats.size} bytes)`,
      );
    if (header.kind !== key.kind) throw kindMismatch(file, header, key);
    throwIfAborted(signal);
    const keys = archiveKeys(await masterKey(key, header.scrypt), header.salt);
    if (!keyOpens(keys, header)) throw new WrongKeyError(file, key.origin);

    const sealed = await readAt(handle, trailer.manifestLength, trailer.manifestOffset);
    const decipher = createDecipheriv('aes-256-gcm', keys.manifest, MANIFEST_NONCE, { authTagLength: TAG_BYTES });
    decipher.setAAD(manifestAad(headerBytes, trailer));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let json: Buffer;
    try {
      json = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ArchiveDamagedError('manifest', `archive ${file}: its manifest fails authentication: the manifest, the header or the trailer was modified`);
    }
    const manifest = parseManifest(file, json);
    const layout = manifestLayoutProblem(manifest, header.recordSize, trailer.manifestOffset);
    if (layout) throw new ArchiveDamagedError('manifest', `archive ${file}: its manifest does not describe the archive: ${layout}`);
    return { file, handle, header, headerBytes, keys, manifest };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * A part's plaintext, one authenticated record at a time: a record is yielded only once its tag has been checked,
 * so no unauthenticated byte ever leaves. Errors name the part, the record and its byte range in the archive.
 */
export async function* partRecords(archive: OpenedArchive, index: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const part = archive.manifest.parts[index]!;
  const { recordSize } = archive.header;
  let position = part.offset;
  for (let record = 0; record < part.records; record++) {
    throwIfAborted(signal);
    const last = record === part.records - 1;
    const plainLength = last ? part.bytes - record * recordSize : recordSize;
    const sealed = await readAt(archive.handle, plainLength + TAG_BYTES, position, part);
    const decipher = createDecipheriv('aes-256-gcm', archive.keys.records, recordNonce(index, record), { authTagLength: TAG_BYTES });
    decipher.setAAD(recordAad(archive.headerBytes, index, record, last));
    decipher.setAuthTag(sealed.subarray(plainLength));
    let plaintext: Buffer;
    try {
      plaintext = decipher.update(sealed.subarray(0, plainLength));
      decipher.final();
    } catch {
      const problem = recordFailure(record, part.records, position, position + sealed.length);
      throw new ArchiveDamagedError('part', `archive ${archive.file}: ${partFailure(part.name, problem)}`, part.name);
    }
    position += sealed.length;
    yield plaintext;
  }
}

export function findPart(archive: OpenedArchive, name: string): number {
  const index = archive.manifest.parts.findIndex((part) => part.name === name);
  if (index < 0)
    throw new UsageError(
      `archive ${archive.file} has no part '${name}'`,
      `its parts are: ${archive.manifest.parts.map((part) => part.name).join(', ') || '(none)'}`,
    );
  return index;
}

function checkHeader(file: string, bytes: Buffer): ArchiveHeader {
  const header = decodeHeader(bytes);
  if (!('problem' in header)) return header;
  switch (header.problem) {
    case 'not-archive':
      throw new UsageError(
        `${file} is not a rocketctl backup archive (it does not start with the archive's magic bytes)`,
        'give the path of an archive rocketctl wrote',
      );
    case 'version':
      throw new UsageError(
        `archive ${file} is in format ${header.format}; this rocketctl reads format ${FORMAT_VERSION}`,
        'use the rocketctl release that wrote it, or a newer one',
      );
    case 'damaged':
      throw new ArchiveDamagedError('header', `archive ${file}: its header is damaged: ${header.detail}`);
  }
}

function kindMismatch(file: string, header: ArchiveHeader, key: BackupKey): UsageError {
  return header.kind === 'passphrase'
    ? new UsageError(`archive ${file} was written with a passphrase, and ${key.origin} is a key`, `give the passphrase instead (${PASSPHRASE_VARIABLE})`)
    : new UsageError(`archive ${file} was written with a key, and ${key.origin} is a passphrase`, `give the key instead (${KEY_VARIABLE} or a key file)`);
}

function parseManifest(file: string, json: Buffer): ArchiveManifest {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw new ArchiveDamagedError('manifest', `archive ${file}: its manifest is not JSON`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new ArchiveDamagedError('manifest', `archive ${file}: its manifest is not valid: ${issues}`);
  }
  return parsed.data;
}

/** Exactly `length` bytes at `position`; fewer means the file shrank under us. */
async function readAt(handle: FileHandle, length: number, position: number, part?: ManifestPart): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) {
      const where = part ? `part '${part.name}'` : 'its end';
      throw new ArchiveDamagedError(
        part ? 'part' : 'trailer',
        `archive ended at byte ${position + filled} while reading ${where}: it was truncated`,
        part?.name,
      );
    }
    filled += bytesRead;
  }
  return buffer;
}
