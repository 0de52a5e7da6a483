import Docker from 'dockerode';
import { withDeadline, formatSeconds } from '../shared/deadline.js';
import { OperationError } from '../shared/errors.js';

/** Each engine call must answer within this (a stop or a pull states its own); override: ROCKETCTL_ENGINE_TIMEOUT_MS. */
export const ENGINE_CALL_TIMEOUT_MS = 10_000;

/**
 * The Docker engine as rocketctl uses it: only src/docker/ touches dockerode, and every call goes through
 * `call()`, which gives it a deadline and the command's one AbortSignal (dockerode aborts the HTTP
 * request, so a stuck engine leaves no socket that keeps the process alive). dockerode accepts
 * `abortSignal` on every call; its typings miss it on a few, hence the `as object` casts there.
 */
export interface Engine {
  readonly docker: Docker;
  /** DOCKER_HOST, or the default socket: named in every error. */
  readonly where: string;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  call<T>(what: string, work: (abortSignal: AbortSignal) => Promise<T>, timeoutMs?: number): Promise<T>;
}

/** The engine at DOCKER_HOST (or the default socket), or at `dockerHost` (a Swarm node's own engine). */
export async function connectEngine(signal: AbortSignal, env: NodeJS.ProcessEnv = process.env, dockerHost?: string): Promise<Engine> {
  const docker = dockerHost ? new Docker(dockerOptionsFor(dockerHost)) : new Docker();
  const where = dockerHost ?? env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const timeoutMs = Number(env.ROCKETCTL_ENGINE_TIMEOUT_MS) > 0 ? Number(env.ROCKETCTL_ENGINE_TIMEOUT_MS) : ENGINE_CALL_TIMEOUT_MS;
  const engine: Engine = {
    docker,
    where,
    signal,
    timeoutMs,
    call: (what, work, callTimeoutMs = timeoutMs) =>
      withDeadline(work, {
        timeoutMs: callTimeoutMs,
        signal,
        onTimeout: () =>
          new OperationError(
            `the Docker engine at ${where} did not answer (${what}) within ${formatSeconds(callTimeoutMs)}`,
            'check that dockerd is healthy (`docker info`; restart it if it hangs), or set ROCKETCTL_ENGINE_TIMEOUT_MS for a slow remote engine',
          ),
      }),
  };
  try {
    await engine.call(
      'ping',
      (abortSignal) => (docker.ping as (options: object) => Promise<unknown>).call(docker, { abortSignal }),
      Math.min(timeoutMs, 5_000),
    );
  } catch (error) {
    throw engineError(where, error);
  }
  return engine;
}

/** `tcp://host:port`, `unix:///path` or `ssh://user@host[:port]` as dockerode options (as DOCKER_HOST is read). */
export function dockerOptionsFor(dockerHost: string): Docker.DockerOptions {
  const url = new URL(dockerHost);
  // docker-modem merges its DOCKER_HOST defaults under these: an unset host would let a tcp DOCKER_HOST win.
  if (url.protocol === 'unix:') return { socketPath: url.pathname, host: undefined, port: undefined } as Docker.DockerOptions;
  if (url.protocol === 'ssh:')
    return { protocol: 'ssh', host: url.hostname, port: Number(url.port || 22), ...(url.username ? { username: url.username } : {}) };
  return { protocol: 'http', host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375) };
}

function engineError(where: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'EACCES') {
    return new OperationError(
      `permission denied on the Docker socket (${where})`,
      'add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or run as root',
    );
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new OperationError(`no Docker engine answers at ${where}`, 'start it (systemctl start docker, or dockerd &) or set DOCKER_HOST to a running engine');
  }
  if (error instanceof OperationError || (error as Error).name === 'InterruptedError') return error as Error;
  return new OperationError(`cannot reach the Docker engine at ${where}: ${(error as Error).message}`, 'check DOCKER_HOST and that dockerd is running', {
    cause: error,
  });
}

export const isNotFound = (error: unknown): boolean => (error as { statusCode?: number }).statusCode === 404;
