import { rocketctl, startRocketctl } from './cli.js';

export interface BackgroundWorkers {
  /** One Ctrl-C, as an operator presses it; resolves with the exit code, or 'hung' when it did not exit within 15 s (then killed). */
  stop(): Promise<number | null | 'hung'>;
}

/**
 * `rocketctl workers start --port 0` in its own process, as a service manager would run it, waited for
 * until `workers status` (read-only) says every worker runs and is healthy.
 */
export async function startWorkersInBackground(cwd: string, options: { timeoutMs?: number } = {}): Promise<BackgroundWorkers> {
  const child = startRocketctl(['workers', 'start', '--port', '0'], { cwd });
  let exitCode: number | null | undefined;
  void child.exited.then(({ code }) => (exitCode = code));
  const stop = async () => {
    if (exitCode !== undefined) return exitCode;
    child.signal('SIGINT');
    const code = await Promise.race([child.exited.then((e) => e.code), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref())]);
    if (code === 'hung') child.child.kill('SIGKILL');
    return code;
  };
  try {
    await child.waitUntil(
      async () => {
        const status = await rocketctl(['workers', 'status'], { cwd });
        if (status.exitCode !== 0) throw new Error(`the workers are not all running and healthy yet:\n${status.stdout}\n${child.stderr}`);
      },
      'every worker running and healthy',
      options.timeoutMs ?? 90_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
