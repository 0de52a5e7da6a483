import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';
import { retry } from '../../src/shared/retry.js';

/**
 * The one way tests run the CLI: `bin/rocketctl.js` as a user would, never through argv of this process.
 * `rocketctl(args)` runs a command to its end; `projectCli(dir)` binds one project folder; `startRocketctl` keeps
 * a long-running one (`workers start`, an `up` to interrupt) under the test's control.
 */
export const ROCKETCTL_BIN = fileURLToPath(new URL('../../../bin/rocketctl.js', import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs bin/rocketctl.js as a user would; never throws on a non-zero exit. */
export async function rocketctl(args: readonly string[], options: CliOptions & { cwd: string } = { cwd: process.cwd() }): Promise<CliResult> {
  const execOptions: Options = { cwd: options.cwd, env: { ...options.env, NO_COLOR: '1' }, reject: false, timeout: options.timeoutMs ?? 120_000 };
  const result = await execa(process.execPath, [ROCKETCTL_BIN, ...args], execOptions);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** rocketctl bound to one project folder: `cli('up', 'postgres')`, or `cli(['seed'], { env })` when options are needed. */
export interface ProjectCli {
  (...args: string[]): Promise<CliResult>;
  (args: readonly string[], options?: CliOptions): Promise<CliResult>;
}

/** `dir` may be a function, for a project made later (in a `before` hook). */
export function projectCli(dir: string | (() => string), defaults: CliOptions = {}): ProjectCli {
  return ((first?: string | readonly string[], ...rest: unknown[]) => {
    const cwd = typeof dir === 'function' ? dir() : dir;
    if (Array.isArray(first)) {
      const options = (rest[0] ?? {}) as CliOptions;
      return rocketctl(first as string[], { cwd, ...defaults, ...options, env: { ...defaults.env, ...options.env } });
    }
    return rocketctl([...(first === undefined ? [] : [first as string]), ...(rest as string[])], { cwd, ...defaults });
  }) as ProjectCli;
}

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
