import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { OperationError } from './errors.js';

export interface OwnFileOptions {
  /** Names the file in messages: "worker runtime file", "retired-keys file". */
  what: string;
  /** Larger files are refused unread. */
  maxBytes: number;
  /** Exact permission bits the file must have (e.g. 0o600); the hint says how to set them. */
  mode?: number;
  /** How to get rid of a file that cannot be used: appended to the hint. */
  remedy: string;
}

/** What a path is, for a message that must not open it to find out. */
export function describeKind(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a regular file';
}

const currentUid = (): number | undefined => process.getuid?.();

/**
 * Reads a small file this user owns, without trusting the path: `lstat` first (a symbolic link, a named pipe, a
 * device or another user's file is refused unopened: a pipe would block the read forever, a link could point at a
 * secret), then an open that follows no link and never blocks, checked again on the descriptor (the path may have
 * changed in between). Null when there is no file. Errors never quote the content.
 */
export async function readOwnFile(file: string, options: OwnFileOptions): Promise<string | null> {
  const refuse = (problem: string, fix = options.remedy) => new OperationError(`${options.what} ${file} ${problem}`, fix);
  const before = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw refuse(`cannot be examined: ${error.code ?? error.message}`, 'check the folder permissions');
  });
  if (before === null) return null;
  if (!before.isFile()) throw refuse(`is ${describeKind(before)}, not a regular file: refused unopened`);
  const uid = currentUid();
  if (uid !== undefined && before.uid !== uid) throw refuse(`belongs to user ${before.uid}, not to this user (${uid}): refused unopened`);
  if (options.mode !== undefined && (before.mode & 0o777) !== options.mode) {
    const wanted = options.mode.toString(8);
    throw refuse(`has mode ${(before.mode & 0o777).toString(8)}, not ${wanted}`, `chmod ${wanted} ${file}`);
  }
  if (before.size > options.maxBytes) throw refuse(`is ${before.size} bytes, more than the ${options.maxBytes} it may hold: refused unread`);
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw refuse(`cannot be opened: ${error.code ?? error.message}`, 'check the file and its folder permissions');
  });
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) throw refuse('was replaced while being opened', 'run the command again');
    const buffer = Buffer.alloc(options.maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, length));
    }
    if (length > options.maxBytes) throw refuse(`grew beyond the ${options.maxBytes} bytes it may hold: refused unread`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
