import Docker from 'dockerode';
import { OperationError } from '../shared/errors.js';
import { withTimeout } from '../shared/sleep.js';

export type Engine = Docker;

const PING_TIMEOUT_MS = 5_000;

/** Connects to the engine named by DOCKER_HOST (default: the local socket) and proves it answers. */
export async function connectEngine(): Promise<Engine> {
  const engine = new Docker();
  const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  try {
    await withTimeout(engine.ping(), PING_TIMEOUT_MS, () => Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' }));
  } catch (error) {
    throw engineError(where, error as NodeJS.ErrnoException);
  }
  return engine;
}

function engineError(where: string, error: NodeJS.ErrnoException): OperationError {
  const code = error.code ?? '';
  if (code === 'EACCES') {
    return new OperationError(`permission denied on the Docker socket (${where})`, 'add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or run as root');
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new OperationError(`no Docker engine answers at ${where}`, 'start it (systemctl start docker, or dockerd &) or set DOCKER_HOST to a running engine');
  }
  if (code === 'ETIMEDOUT') {
    return new OperationError(`the Docker engine at ${where} did not answer within ${PING_TIMEOUT_MS / 1000} s`, 'check that dockerd is healthy (docker info)');
  }
  return new OperationError(`cannot reach the Docker engine at ${where}: ${error.message}`, 'check DOCKER_HOST and that dockerd is running', { cause: error });
}
