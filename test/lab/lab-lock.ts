import path from 'node:path';
import { acquireFileLock } from '../../src/shared/file-lock.js';
import { cacheDir } from './lab-paths.js';

const lockFile = path.join(cacheDir, 'lab.lock');

/** One lab build at a time on this machine (two `npm test` runs must not both run apt or docker build). */
export async function withLabLock<T>(signal: AbortSignal | undefined, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const release = await acquireFileLock(lockFile, {
    what: 'the lab build lock',
    command: 'npm test (lab setup)',
    waitMs: 30 * 60_000,
    signal,
    onWait: (holder) => log(`waiting for another lab build (pid ${holder.pid}) to finish`),
  });
  try {
    return await work();
  } finally {
    await release();
  }
}
