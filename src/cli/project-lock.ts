import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { acquireFileLock, type ReleaseLock } from '../shared/file-lock.js';
import type { Logger } from '../shared/log.js';

const DEFAULT_WAIT_MS = 30_000;

/**
 * One writer at a time per project: commands that change certificates, secrets, containers or ZooKeeper
 * take `<stateDir>/lock` for their whole run. A second one waits (bounded, with a message) and then fails
 * naming the holder; a lock left by a process that died is taken over with a warning.
 */
export function acquireProjectLock(
  config: ResolvedConfig,
  options: { signal: AbortSignal; log: Logger; env: NodeJS.ProcessEnv; command: string },
): Promise<ReleaseLock> {
  const waitMs =
    Number(options.env.ROCKETCTL_LOCK_WAIT_MS) >= 0 && options.env.ROCKETCTL_LOCK_WAIT_MS !== undefined
      ? Number(options.env.ROCKETCTL_LOCK_WAIT_MS)
      : DEFAULT_WAIT_MS;
  return acquireFileLock(path.join(config.stateDir, 'lock'), {
    what: `project ${config.project} (${path.relative(process.cwd(), config.stateDir) || config.stateDir})`,
    command: options.command,
    waitMs,
    signal: options.signal,
    onWait: (holder) =>
      options.log.info(`waiting up to ${Math.round(waitMs / 1000)} s for \`${holder.command}\` (pid ${holder.pid}) to finish with project ${config.project}`),
    onStale: (holder) =>
      options.log.warn(
        `taking over a lock left by ${holder ? `\`${holder.command}\` (pid ${holder.pid}), which is no longer running` : 'a process that died while writing it'}`,
      ),
  });
}
