import type Docker from 'dockerode';
import { withDeadline, formatSeconds } from '../shared/deadline.js';
import { InterruptedError, OperationError } from '../shared/errors.js';
import { connectEngine } from './engine.js';

/** `--version` takes a quick look at the engine; it never waits for a slow one (that is `up`'s preflight's job). */
export const ENGINE_VERSION_DEADLINE_MS = 1500;

export type EngineVersion = { reachable: true; host: string; version: string; apiVersion: string } | { reachable: false; host: string; reason: string };

/**
 * The Docker engine `up` would use (DOCKER_HOST, or the default socket), and its version and API version when it
 * answers within the deadline; otherwise why not. Ctrl-C (the signal) is not an answer: it is thrown.
 */
export async function engineVersion(
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
  deadlineMs = ENGINE_VERSION_DEADLINE_MS,
): Promise<EngineVersion> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  try {
    const answer = await withDeadline(
      async (deadline) => {
        const engine = await connectEngine(deadline, env);
        // dockerode takes abortSignal on version() too; its typings miss it (as on ping, see engine.ts).
        const version = engine.docker.version as (options: object) => Promise<Docker.DockerVersion>;
        return engine.call('version', (abortSignal) => version.call(engine.docker, { abortSignal }));
      },
      { timeoutMs: deadlineMs, signal, onTimeout: () => new OperationError(`no answer within ${formatSeconds(deadlineMs)}`) },
    );
    return { reachable: true, host, version: answer.Version, apiVersion: answer.ApiVersion };
  } catch (error) {
    if (error instanceof InterruptedError && signal.aborted) throw error;
    return { reachable: false, host, reason: (error as Error).message };
  }
}
