import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { OperationError, RocketError, UsageError, throwIfAborted } from '../shared/errors.js';
import { packageVersion } from '../shared/package-files.js';
import {
  DEFAULT_RECORD_SIZE,
  DEFAULT_SCRYPT,
  FORMAT_VERSION,
  MANIFEST_NONCE,
  MAX_RECORD_SIZE,
  MIN_RECORD_SIZE,
  SALT_BYTES,
  SCRYPT_SALT_BYTES,
  TAG_BYTES,
  encodeHeader,
  encodeTrailer,
  manifestAad,
  recordAad,
  recordNonce,
  type ArchiveHeader,
} from './archive-format.js';
import { archiveKeys, masterKey } from './archive-keys.js';
import { partNameProblem, type ArchiveManifest, type ManifestPart } from './archive-manifest.js';
import { KEY_VARIABLE, MIN_PASSPHRASE_LENGTH, type BackupKey } from './backup-key.js';

/** One named part: a stream (read as it is written, never held whole) or bytes already in memory. */
export interface ArchivePart {
  name: string;
  content: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string> | Uint8Array;
}

export interface WriteArchiveOptions {
  key: BackupKey;
  project: string;
  /** Plaintext bytes per record; 1 MiB unless a test needs many records from little data. */
  recordSize?: number;
  now?: () => Date;
  /** Replace an archive that exists under that name; by default it is refused before anything is written. */
  replace?: boolean;
  signal?: AbortSignal;
}

/**
 * Writes the parts, in order, into one encrypted archive (see archive-format.ts). Everything goes to a temporary file
 * beside `file` (mode 0600) that is renamed to `file` only once complete and synced: an interrupted or failed run leaves
 * nothing under the final name, and removes its temporary file unless the process itself is killed. A part given as
 * an async iterable is only started when its turn comes, so a dump runs while its bytes are being written.
 */
export async function writeArchive(
  file: string,
  parts: Iterable<ArchivePart> | AsyncIterable<ArchivePart>,
  options: WriteArchiveOptions,
): Promise<ArchiveManifest> {
  const given = holdStreams(parts);
  try {
    return await writeToTemporaryFile(file, given.parts, options);
  } catch (error) {
    given.release();
    throw error;
  }
}

async function writeToTemporaryFile(
  file: string,
  parts: Iterable<ArchivePart> | AsyncIterable<ArchivePart>,
  options: WriteArchiveOptions,
): Promise<ArchiveManifest> {
  const recordSize = options.recordSize ?? DEFAULT_RECORD_SIZE;
  if (!Number.isInteger(recordSize) || recordSize < MIN_RECORD_SIZE || recordSize > MAX_RECORD_SIZE)
    throw new UsageError(`record size ${recordSize} is outside ${MIN_RECORD_SIZE}..${MAX_RECORD_SIZE} bytes`, 'leave it unset (1 MiB)');
  await refuseWeakKey(options.key, file);
  if (!options.replace && (await exists(file)))
    throw new UsageError(`${file} exists already`, 'give the archive a new name (backups are never overwritten unless asked to), or move the old one away');

  const { header, keys } = await sealingKeys(options.key, recordSize);
  const headerBytes = encodeHeader(header);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  let closed = false;
  try {
    // The mode given to open() is filtered by the umask; set it exactly.
    await handle.chmod(0o600);
    const sink = createSink(handle);
    await sink.write([headerBytes]);
    const listed: ManifestPart[] = [];
    const plaintext = Buffer.allocUnsafe(recordSize);
    for await (const part of parts) {
      const problem = partNameProblem(part.name);
      if (problem) throw new UsageError(`part name '${part.name}' ${problem}`, 'name parts like postgres/dump.sql');
      if (listed.some((p) => p.name === part.name)) throw new UsageError(`part '${part.name}' is given twice`, 'give each part once');
      listed.push(await writePart(sink, part, listed.length, { headerBytes, key: keys.records, plaintext, signal: options.signal }));
    }
    const manifest: ArchiveManifest = {
      format: FORMAT_VERSION,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      rocketctlVersion: packageVersion(),
      project: options.project,
      parts: listed,
    };
    const json = Buffer.from(JSON.stringify(manifest), 'utf8');
    const trailer = { manifestOffset: sink.position, manifestLength: json.length + TAG_BYTES };
    const cipher = createCipheriv('aes-256-gcm', keys.manifest, MANIFEST_NONCE, { authTagLength: TAG_BYTES });
    cipher.setAAD(manifestAad(headerBytes, trailer));
    const sealed = cipher.update(json);
    cipher.final();
    await sink.write([sealed, cipher.getAuthTag(), encodeTrailer(trailer)]);
    await sink.drain();
    throwIfAborted(options.signal);
    await handle.sync();
    await handle.close();
    closed = true;
    await rename(temp, file);
    await syncFolder(path.dirname(path.resolve(file)));
    return manifest;
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    if (error instanceof RocketError) throw error;
    const problem = `writing backup archive ${file} failed: ${(error as Error).message}; nothing was left under that name`;
    throw new OperationError(problem, 'fix the cause and run again', { cause: error });
  }
}

/**
 * Streams handed over up front (an array of parts) wait for their turn: one that fails before it is a 'error' with
 * no listener, which would end the process, so each gets one and its error is reported when its part is read. If the
 * archive fails, the streams not read yet are destroyed, so the processes behind them stop.
 */
function holdStreams(parts: Iterable<ArchivePart> | AsyncIterable<ArchivePart>): { parts: typeof parts; release: () => void } {
  if (Symbol.asyncIterator in parts) return { parts, release: () => undefined };
  const list = [...parts];
  const streams = list.map((part) => part.content).filter((content): content is Readable => content instanceof Readable);
  for (const stream of streams) stream.on('error', () => undefined);
  return { parts: list, release: () => streams.forEach((stream) => stream.destroy()) };
}

interface PartContext {
  headerBytes: Buffer;
  key: Buffer;
  /** One record's plaintext, reused for every record of the archive. */
  plaintext: Buffer;
  signal: AbortSignal | undefined;
}

async function writePart(sink: Sink, part: ArchivePart, index: number, context: PartContext): Promise<ManifestPart> {
  const { plaintext, signal } = context;
  const hash = createHash('sha256');
  const offset = sink.position;
  let bytes = 0;
  let record = 0;
  let fill = 0;
  const seal = async (last: boolean) => {
    throwIfAborted(signal);
    const cipher = createCipheriv('aes-256-gcm', context.key, recordNonce(index, record), { authTagLength: TAG_BYTES });
    cipher.setAAD(recordAad(context.headerBytes, index, record, last));
    const sealed = cipher.update(plaintext.subarray(0, fill));
    cipher.final();
    await sink.write([sealed, cipher.getAuthTag()]);
    record += 1;
    fill = 0;
  };
  try {
    for await (const chunk of byteChunks(part)) {
      hash.update(chunk);
      bytes += chunk.length;
      for (let at = 0; at < chunk.length;) {
        // A full record is sealed only once more bytes arrive: the last record is known as such when sealed.
        if (fill === plaintext.length) await seal(false);
        const copied = chunk.copy(plaintext, fill, at, Math.min(chunk.length, at + plaintext.length - fill));
        fill += copied;
        at += copied;
      }
    }
  } catch (error) {
    if (error instanceof RocketError) throw error;
    throw new OperationError(`part '${part.name}' could not be read: ${(error as Error).message}`, 'fix what produces that part and run again', {
      cause: error,
    });
  }
  await seal(true);
  return { name: part.name, bytes, sha256: hash.digest('hex'), offset, length: sink.position - offset, records: record };
}

async function* byteChunks(part: ArchivePart): AsyncGenerator<Buffer> {
  if (part.content instanceof Uint8Array) {
    yield Buffer.from(part.content.buffer, part.content.byteOffset, part.content.byteLength);
    return;
  }
  for await (const chunk of part.content as AsyncIterable<unknown>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else throw new OperationError(`part '${part.name}' yields ${typeof chunk} values, not bytes`, 'give a byte stream (not an object-mode stream)');
  }
}

interface Sink {
  /** The archive offset after everything handed to write() so far. */
  readonly position: number;
  write(buffers: Buffer[]): Promise<void>;
  drain(): Promise<void>;
}

/** Positional writes, at most one in flight: the next record is encrypted while the previous one is being written. */
function createSink(handle: FileHandle): Sink {
  let position = 0;
  let pending: Promise<void> = Promise.resolve();
  return {
    get position() {
      return position;
    },
    async write(buffers) {
      await pending;
      const length = buffers.reduce((sum, b) => sum + b.length, 0);
      pending = writeAll(handle, buffers, position);
      // Awaited by the next write or by drain(); marked handled so a failure between the two is not reported twice.
      pending.catch(() => undefined);
      position += length;
    },
    drain: () => pending,
  };
}

async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let rest = buffers.filter((b) => b.length > 0);
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, position);
    position += bytesWritten;
    let skip = bytesWritten;
    while (rest.length > 0 && skip >= rest[0]!.length) skip -= rest.shift()!.length;
    if (skip > 0) rest = [rest[0]!.subarray(skip), ...rest.slice(1)];
  }
}

async function sealingKeys(key: BackupKey, recordSize: number): Promise<{ header: ArchiveHeader; keys: ReturnType<typeof archiveKeys> }> {
  const salt = randomBytes(SALT_BYTES);
  const scrypt = key.kind === 'passphrase' ? { ...DEFAULT_SCRYPT, salt: randomBytes(SCRYPT_SALT_BYTES) } : undefined;
  const keys = archiveKeys(await masterKey(key, scrypt), salt);
  return { header: { format: FORMAT_VERSION, kind: key.kind, scrypt, recordSize, salt, keyCheck: keys.check }, keys };
}

async function refuseWeakKey(key: BackupKey, file: string): Promise<void> {
  if (key.kind === 'passphrase' && key.passphrase.length < MIN_PASSPHRASE_LENGTH)
    throw new UsageError(
      `${key.origin} is shorter than ${MIN_PASSPHRASE_LENGTH} characters: too weak to protect a backup of every secret`,
      `use a longer passphrase, or a random key (${KEY_VARIABLE})`,
    );
  if (key.kind !== 'raw' || key.file === undefined) return;
  const archiveFolder = await realpath(path.dirname(path.resolve(file))).catch(() => path.dirname(path.resolve(file)));
  if (path.dirname(await realpath(key.file)) === archiveFolder)
    throw new UsageError(
      `${key.origin} is in the folder the archive goes to (${archiveFolder}): whoever copies the backups would get their key with them`,
      'keep the key in another place (another folder, a secret store, or ROCKETCTL_BACKUP_KEY), then run again',
    );
}

const exists = (file: string) =>
  lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );

/** Makes the rename itself durable. Some platforms cannot open a folder for syncing; the archive is complete anyway. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle
    .sync()
    .catch(() => undefined)
    .finally(() => handle.close());
}
