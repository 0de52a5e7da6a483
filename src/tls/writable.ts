import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OperationError } from '../shared/errors.js';

/**
 * Proves each folder takes a new file before anything is generated, so a read-only or foreign-owned
 * certs/ fails up front with the fix instead of after half the set was replaced. (access(W_OK) would
 * lie for root on an immutable or read-only mount; a real write does not.)
 */
export async function assertWritable(dirs: Iterable<string>, modeFor: (dir: string) => number): Promise<void> {
  for (const dir of dirs) {
    try {
      await mkdir(dir, { recursive: true, mode: modeFor(dir) });
      // Random, not the pid alone: a probe left by a killed run of the same pid (pid 1 in every container)
      // or a concurrent check in this process must not make the exclusive create fail.
      const probe = path.join(dir, `.rocketctl-write-probe-${process.pid}-${randomBytes(8).toString('hex')}`);
      await writeFile(probe, '', { flag: 'wx' });
      await rm(probe);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new OperationError(
        `cannot write to ${dir} (${code}); nothing was generated`,
        `make it writable by ${os.userInfo().username} (e.g. chown -R ${os.userInfo().uid} ${dir}) or set certsDir in the config to a writable folder`,
        { cause: error },
      );
    }
  }
}
