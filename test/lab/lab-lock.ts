import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './lab-error.js';
import { cacheDir } from './lab-paths.js';

const lockFile = path.join(cacheDir, 'lab.lock');

/** One lab build at a time on this machine (two `npm test` runs must not both run apt or docker build). */
export async function withLabLock<T>(signal: AbortSignal | undefined, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder();
      // Released between our attempt and this read: try again.
      if (holder === null) continue;
      if (!isAlive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LabError('lock', `another lab build (pid ${holder}) held ${lockFile} for 30 min`, `stop pid ${holder} or remove ${lockFile}`);
      }
      if (!announced) log(`waiting for another lab build (pid ${holder}) to finish`);
      announced = true;
      await sleep(1_000, undefined, { signal });
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function readHolder(): number | null {
  try {
    return Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
