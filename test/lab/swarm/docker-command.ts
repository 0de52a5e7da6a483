import { execa } from 'execa';
import { InterruptedError } from '../../../src/shared/errors.js';
import { DOCKER } from '../docker-engine.js';
import { LabError } from '../lab-error.js';

export interface DockerCommandOptions {
  /** A node's engine (`tcp://127.0.0.1:23751`); the host's own engine when absent. */
  host?: string;
  /** The step named in the error. */
  step: string;
  hint?: string;
  signal: AbortSignal | undefined;
  timeoutMs?: number;
  /** Piped to the command's stdin. */
  input?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * One docker CLI call with a deadline, returning its stdout. Short commands whose output is parsed go through
 * here (runLogged is for long ones whose output only matters on failure); a failure carries docker's stderr.
 */
export async function docker(args: string[], options: DockerCommandOptions): Promise<string> {
  const result = await dockerResult(args, options);
  if (result.ok) return result.stdout;
  throw new LabError(
    options.step,
    `docker ${args.join(' ')}: ${result.reason}`,
    options.hint ?? 'see the message above; `node dist/test/lab/swarm/cli.js status`',
  );
}

/** As docker(), but a failing command is an answer (e.g. "no such container"), not an error; only the signal throws. */
export async function dockerResult(args: string[], options: DockerCommandOptions): Promise<{ ok: boolean; stdout: string; stderr: string; reason: string }> {
  // Always an explicit engine: a DOCKER_HOST a test set for rocketctl (the swarm manager) must not redirect the lab.
  const full = ['-H', options.host ?? 'unix:///var/run/docker.sock', ...args];
  const result = await execa(DOCKER, full, {
    cancelSignal: options.signal,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    forceKillAfterDelay: 5_000,
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  if (options.signal?.aborted) throw new InterruptedError();
  const reason = result.timedOut
    ? `timed out after ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s`
    : result.stderr.trim() || `exit code ${result.exitCode}`;
  return { ok: result.exitCode === 0 && !result.timedOut, stdout: result.stdout.trim(), stderr: result.stderr.trim(), reason };
}
