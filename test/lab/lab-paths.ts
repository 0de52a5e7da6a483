import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, found from this file whether it runs from test/lab or dist/test/lab. */
function findRepoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const distAt = parts.lastIndexOf('dist');
  return distAt >= 0 ? parts.slice(0, distAt).join(path.sep) : path.resolve(here, '..', '..');
}

export const repoRoot = findRepoRoot();
/** Image recipes are read from the source tree (tsc does not copy them to dist/). */
export const recipesDir = path.join(repoRoot, 'test', 'lab', 'images');
/** Downloaded jars and npm packages, assembled build contexts: reused across runs, never in the repo. */
export const cacheDir = process.env.ROCKETCTL_LAB_CACHE ?? '/var/cache/rocketctl-lab';
/** One log file per step; a failure points at the right one. */
export const logDir = process.env.ROCKETCTL_LAB_LOGS ?? '/var/log/rocketctl-lab';
