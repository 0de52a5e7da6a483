import { retry } from '../../../src/shared/retry.js';
import type { LabContainer } from '../../support/lab-containers.js';

class ContainerStopped extends Error {}

/**
 * Polls `probe` until it returns a value, with a deadline. Between tries it checks the containers: one that
 * has exited fails the wait at once with its last log lines, instead of after the full timeout.
 */
export async function waitFor<T>(what: string, containers: LabContainer[], probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  return retry(
    async () => {
      for (const container of containers) {
        const exited = await container.exitState();
        if (exited)
          throw new ContainerStopped(`${container.name} stopped (${exited}) while waiting for ${what}; last log lines:\n${await container.lastLogLines()}`);
      }
      const value = await probe();
      if (value === undefined) throw new Error('not ready');
      return value;
    },
    {
      timeoutMs,
      intervalMs: 500,
      retryOn: (error) => !(error instanceof ContainerStopped),
      onGiveUp: (error) => error as Error,
    },
  ).catch(async (error: Error) => {
    if (error instanceof ContainerStopped) throw error;
    const logs = await Promise.all(containers.map(async (c) => `  ${c.name}:\n${await c.lastLogLines(20)}`));
    throw new Error(`${what}: not ready after ${timeoutMs / 1000} s (last: ${error.message}); last log lines:\n${logs.join('\n')}`);
  });
}
