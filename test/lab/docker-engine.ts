import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { retry } from '../../src/shared/retry.js';
import { LabError } from './lab-error.js';
import { logDir } from './lab-paths.js';
import { tail, tryOutput } from './run-command.js';

/**
 * Debian's client, not the first `docker` on PATH: /usr/local/bin/docker here is a newer client without
 * buildx, and only Debian's 20.10 client has BuildKit built in (DOCKER_BUILDKIT=1).
 */
export const DOCKER = '/usr/bin/docker';
export const DOCKERD = '/usr/sbin/dockerd';
export const dockerdLog = path.join(logDir, 'dockerd.log');
export const buildkitEnv = { DOCKER_BUILDKIT: '1' };

export async function engineVersion(signal?: AbortSignal): Promise<string | undefined> {
  return tryOutput(DOCKER, ['info', '--format', '{{.ServerVersion}}'], signal, 20_000);
}

/** Leaves a running engine alone; otherwise starts dockerd in the background and waits for it. */
export async function ensureDockerEngine(opts: { signal?: AbortSignal; log: (line: string) => void }): Promise<string> {
  const running = await engineVersion(opts.signal);
  if (running) return running;
  if (process.env.DOCKER_HOST) {
    throw new LabError(
      'start docker engine',
      `no engine answers at DOCKER_HOST=${process.env.DOCKER_HOST}`,
      'start that engine, or unset DOCKER_HOST to let the lab start the local dockerd',
    );
  }
  if (!existsSync(DOCKERD)) {
    throw new LabError('start docker engine', `${DOCKERD} not found`, "install Debian's engine: `apt-get install docker.io`");
  }
  opts.log(`starting dockerd (log: ${dockerdLog})`);
  const dockerd = startDetached(DOCKERD, [], dockerdLog);
  class DockerdExited extends Error {}
  return retry(
    async () => {
      if (dockerd.exitCode !== null && dockerd.exitCode !== undefined) throw new DockerdExited(`dockerd exited with code ${dockerd.exitCode}`);
      const version = await engineVersion(opts.signal);
      if (!version) throw new Error('no answer yet');
      return version;
    },
    { timeoutMs: 60_000, intervalMs: 500, signal: opts.signal, retryOn: (error) => !(error instanceof DockerdExited), onGiveUp: (error) => error as Error },
  ).catch((error: Error) => {
    if (error.name === 'InterruptedError') throw error;
    if (error instanceof DockerdExited) {
      throw new LabError(
        'start docker engine',
        `${error.message}; last lines of ${dockerdLog}:\n${tail(dockerdLog, 20)}`,
        `read ${dockerdLog}; another dockerd may hold /var/run/docker.pid, or the kernel may lack overlay/iptables support`,
      );
    }
    throw new LabError(
      'start docker engine',
      `dockerd did not answer within 60 s; last lines of ${dockerdLog}:\n${tail(dockerdLog, 20)}`,
      `read ${dockerdLog}`,
    );
  });
}

/**
 * A daemon that outlives this process: own process group, its output written straight to a file.
 * node's spawn, not execa: execa 9 pipes file output through the parent, and dockerd would then die of
 * a broken pipe once the test run that started it exits.
 */
function startDetached(file: string, args: string[], logFile: string) {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  const child = spawn(file, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  child.on('error', () => undefined); // reported by the wait loop through exitCode
  return child;
}
