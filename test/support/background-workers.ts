import { spawn } from 'node:child_process';
import { retry } from '../../src/shared/retry.js';
import { ROCKETCTL_BIN, rocketctl } from './cli.js';

export interface BackgroundWorkers {
  /** One Ctrl-C, as an operator presses it; resolves with the exit code, or 'hung' when it did not exit within 15 s (then killed). */
  stop(): Promise<number | null | 'hung'>;
}

/**
 * `rocketctl workers start --port 0` in its own process, as a service manager would run it, waited for
 * until `workers status` (read-only) says every worker runs and is healthy.
 */
export async function startWorkersInBackground(cwd: string, options: { timeoutMs?: number } = {}): Promise<BackgroundWorkers> {
  const child = spawn(process.execPath, [ROCKETCTL_BIN, 'workers', 'start', '--port', '0'], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref())]);
    if (code === 'hung') child.kill('SIGKILL');
    return code;
  };
  try {
    await retry(
      async () => {
        if (child.exitCode !== null) throw new Error(`workers start exited ${child.exitCode}:\n${output}`);
        const status = await rocketctl(['workers', 'status'], { cwd });
        if (status.exitCode !== 0) throw new Error(`the workers are not all running and healthy yet:\n${status.stdout}\n${output}`);
      },
      { timeoutMs: options.timeoutMs ?? 90_000, intervalMs: 500, onGiveUp: (error) => error as Error },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
