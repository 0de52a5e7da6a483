import { spawn, type ChildProcess } from 'node:child_process';
import { retry } from '../../src/shared/retry.js';
import { ROCKETCTL_BIN } from './cli.js';

export interface RunningCli {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited, with the time it took since the last signal() (ms). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; msAfterSignal: number | null }>;
  signal(name: NodeJS.Signals): void;
  /** Polls `probe` until it resolves; fails at once with the CLI's stderr if the process exits first. */
  waitUntil<T>(probe: () => Promise<T>, what: string, timeoutMs?: number): Promise<T>;
}

/** A long-running `bin/rocketctl.js` (e.g. `workers start`), as a user would start it in a terminal. */
export function startRocketctl(args: string[], options: { cwd: string; env?: Record<string, string> }): RunningCli {
  const child = spawn(process.execPath, [ROCKETCTL_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalledAt: number | null = null;
  let done = false;
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; msAfterSignal: number | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, msAfterSignal: signalledAt === null ? null : performance.now() - signalledAt });
    }),
  );
  const fatal = new Set<unknown>();
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    signal(name) {
      signalledAt = performance.now();
      child.kill(name);
    },
    waitUntil: (probe, what, timeoutMs = 20_000) =>
      retry(
        async () => {
          if (done) {
            const error = new Error(`rocketctl ${args.join(' ')} exited before ${what}; stderr:\n${stderr}`);
            fatal.add(error);
            throw error;
          }
          return probe();
        },
        { timeoutMs, intervalMs: 100, what, retryOn: (error) => !fatal.has(error) },
      ),
  };
}
