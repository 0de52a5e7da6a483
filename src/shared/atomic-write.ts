import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  mode: number;
  /** Fail instead of replacing an existing file (first-time creation racing another run). */
  exclusive?: boolean;
}

/**
 * Writes to a temporary name in the same folder, fsyncs, then renames: a reader (or a run after an
 * interruption) sees the old file or the new one, never half of a key.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', options.mode);
  try {
    try {
      await handle.writeFile(data);
      // The mode given to open() is filtered by the umask; set it exactly.
      await handle.chmod(options.mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      await link(temp, file);
      await rm(temp, { force: true });
    } else {
      await rename(temp, file);
    }
  } catch (error) {
    // A full disk (ENOSPC) or a failed fsync must not leave part of a key behind under a temporary name.
    await rm(temp, { force: true });
    throw error;
  }
}
