import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { OperationError } from './errors.js';
import { retry } from './retry.js';

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface FileLockOptions {
  /** Shown in messages: "another `rocketctl up` (pid 812) holds <what>". */
  what: string;
  /** This process's command line, recorded for whoever waits. */
  command: string;
  /** How long to wait for a live holder before failing. */
  waitMs: number;
  signal?: AbortSignal | undefined;
  onWait?: (holder: LockHolder) => void;
  onStale?: (holder: LockHolder | null) => void;
  clock?: Clock;
}

export type ReleaseLock = () => Promise<void>;

class LockHeld extends Error {
  constructor(readonly holder: LockHolder) {
    super(`held by pid ${holder.pid}`);
  }
}

/**
 * An exclusive lock between processes on one host: the lock file is created with link(2), which fails
 * when the file exists, so exactly one process gets it. A file left by a process that died is taken over;
 * its removal first checks that the file is still the same one (inode), so two processes clearing the
 * same stale lock cannot delete each other's new one.
 */
export async function acquireFileLock(file: string, options: FileLockOptions): Promise<ReleaseLock> {
  // A folder made only for the lock is removed with it, so a command that fails early leaves nothing behind.
  const madeFolder = await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const mine: LockHolder = { pid: process.pid, host: os.hostname(), command: options.command, since: new Date().toISOString() };
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
  let announced = false;
  try {
    await retry(
      async () => {
        if (await tryLink(temp, file)) return;
        const current = await readLock(file);
        if (current === 'gone') throw new Error('released meanwhile: try again');
        if (current.holder === null || isDead(current.holder)) {
          options.onStale?.(current.holder);
          await removeIfSame(file, current.inode);
          throw new Error('stale lock removed: try again');
        }
        if (!announced) options.onWait?.(current.holder);
        announced = true;
        throw new LockHeld(current.holder);
      },
      {
        timeoutMs: options.waitMs,
        intervalMs: 200,
        backoff: 1.5,
        maxIntervalMs: 2_000,
        signal: options.signal,
        clock: options.clock ?? systemClock,
        onGiveUp: (error) => {
          const holder = error instanceof LockHeld ? error.holder : null;
          return new OperationError(
            holder
              ? `${options.what} is in use by \`${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.since}); waited ${Math.round(options.waitMs / 1000)} s`
              : `could not take ${options.what}: ${(error as Error).message}`,
            holder ? `wait for it to finish and run this again (if pid ${holder.pid} is gone, the lock is taken over automatically)` : `check ${file}`,
          );
        },
      },
    );
  } finally {
    await rm(temp, { force: true });
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const current = await readLock(file);
    if (current !== 'gone' && current.holder?.pid === process.pid && current.holder.since === mine.since) await removeIfSame(file, current.inode);
    if (madeFolder) await rmdir(madeFolder).catch(() => undefined);
  };
}

async function tryLink(temp: string, file: string): Promise<boolean> {
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readLock(file: string): Promise<{ holder: LockHolder | null; inode: number } | 'gone'> {
  try {
    const handle = await open(file, 'r');
    try {
      const { ino } = await handle.stat();
      const text = await handle.readFile('utf8');
      try {
        return { holder: JSON.parse(text) as LockHolder, inode: ino };
      } catch {
        // Half-written by a process that died mid-write: nobody can hold it.
        return { holder: null, inode: ino };
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

async function removeIfSame(file: string, inode: number): Promise<void> {
  const now = await lstat(file).catch(() => null);
  if (now?.ino === inode) await rm(file, { force: true });
}

function isDead(holder: LockHolder): boolean {
  // A holder on another host (a shared folder) cannot be checked: it counts as alive.
  if (holder.host !== os.hostname()) return false;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return true;
  // This process's own pid on a lock it is asking for: a process before it had the pid (a container restarted,
  // where pids start over) and died holding it.
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
