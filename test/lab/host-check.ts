import { mkdirSync, statfsSync } from 'node:fs';
import { LabError } from './lab-error.js';

export function assertRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new LabError(
      'check root',
      'the lab installs Debian packages, starts dockerd and runs mmdebstrap, which all need root',
      'run the tests (or `npm run lab`) as root, e.g. `sudo npm test`',
    );
  }
}

const GiB = 1024 ** 3;

/** Fails before a long build that would run out of disk half-way. */
export function assertFreeDisk(dir: string, neededGiB: number, what: string): void {
  mkdirSync(dir, { recursive: true });
  const stats = statfsSync(dir);
  const freeGiB = (stats.bavail * stats.bsize) / GiB;
  if (freeGiB < neededGiB) {
    throw new LabError(
      'check disk',
      `${dir} has ${freeGiB.toFixed(1)} GiB free; ${what} needs about ${neededGiB} GiB`,
      `free disk space on the filesystem holding ${dir} (e.g. \`docker system prune\`), then run again`,
    );
  }
}
