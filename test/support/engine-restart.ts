import { readFile } from 'node:fs/promises';
import { retry } from '../../src/shared/retry.js';
import { engineVersion, ensureDockerEngine } from '../lab/docker-engine.js';

/**
 * Stops this machine's dockerd (SIGTERM: containers stop with it, as on a reboot) and starts it again the lab's way.
 * Resolves when the engine answers again; what the containers do then is the caller's to watch.
 */
export async function restartDockerEngine(log: (line: string) => void = () => undefined): Promise<void> {
  const pid = Number((await readFile('/var/run/docker.pid', 'utf8')).trim());
  if (!(pid > 1)) throw new Error('no dockerd pid in /var/run/docker.pid: the lab runs no local engine');
  process.kill(pid, 'SIGTERM');
  await retry(
    async () => {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      throw new Error(`dockerd (pid ${pid}) is still stopping`);
    },
    { timeoutMs: 90_000, intervalMs: 250, onGiveUp: (error) => error as Error },
  );
  if (await engineVersion()) throw new Error('an engine still answers after dockerd stopped');
  await ensureDockerEngine({ log });
}
