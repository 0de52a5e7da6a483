import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LabError } from './lab-error.js';
import { logDir } from './lab-paths.js';

export interface RunOptions {
  /** The step name, used in errors and as the log file name. */
  step: string;
  /** How to fix it, shown when the command fails. */
  hint: string;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  env?: Record<string, string>;
  cwd?: string;
}

export function logFileFor(step: string): string {
  return path.join(logDir, `${step.replace(/[^a-z0-9.-]+/gi, '-')}.log`);
}

/**
 * Runs a command with its output appended to the step's log file (builds print thousands of lines),
 * and on failure throws a LabError carrying the log's last lines and where the rest is.
 */
export async function runLogged(file: string, args: string[], options: RunOptions): Promise<void> {
  mkdirSync(logDir, { recursive: true });
  const logFile = logFileFor(options.step);
  appendFileSync(logFile, `\n$ ${file} ${args.join(' ')}\n`);
  const target = { file: logFile, append: true };
  try {
    await execa(file, args, {
      stdin: 'ignore',
      stdout: target,
      stderr: target,
      cancelSignal: options.signal,
      timeout: options.timeoutMs,
      forceKillAfterDelay: 5_000,
      env: options.env,
      cwd: options.cwd,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new LabError(
      options.step,
      `${path.basename(file)} failed (${describeFailure(error)}); last lines of ${logFile}:\n${tail(logFile, 25)}`,
      options.hint,
      { cause: error },
    );
  }
}

/** Runs a short command and returns its trimmed stdout, or undefined when it fails. */
export async function tryOutput(file: string, args: string[], signal: AbortSignal | undefined, timeoutMs = 15_000): Promise<string | undefined> {
  const result = await execa(file, args, { cancelSignal: signal, timeout: timeoutMs, reject: false, stdin: 'ignore' });
  if (signal?.aborted) signal.throwIfAborted();
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}

function describeFailure(error: unknown): string {
  const e = error as { timedOut?: boolean; exitCode?: number; signal?: string; shortMessage?: string };
  if (e.timedOut) return 'timed out';
  if (e.exitCode !== undefined) return `exit code ${e.exitCode}`;
  if (e.signal) return `killed by ${e.signal}`;
  return e.shortMessage ?? String(error);
}
