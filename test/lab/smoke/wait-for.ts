import { setTimeout as sleep } from 'node:timers/promises';
import type { LabContainer } from '../../support/lab-containers.js';

/**
 * Polls `probe` until it returns a value, with a deadline. Between tries it checks the containers: one that
 * has exited fails the wait at once with its last log lines, instead of after the full timeout.
 */
export async function waitFor<T>(
  what: string,
  containers: LabContainer[],
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not ready';
  for (;;) {
    for (const container of containers) {
      const exited = await container.exitState();
      if (exited) {
        throw new Error(`${container.name} stopped (${exited}) while waiting for ${what}; last log lines:\n${await container.lastLogLines()}`);
      }
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      const logs = await Promise.all(containers.map(async (c) => `  ${c.name}:\n${await c.lastLogLines(20)}`));
      throw new Error(`${what}: not ready after ${timeoutMs / 1000} s (last: ${lastError}); last log lines:\n${logs.join('\n')}`);
    }
    await sleep(500);
  }
}
