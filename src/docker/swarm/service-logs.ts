import { demuxBuffer } from '../container-io.js';
import type { Engine } from '../engine.js';

/** The last lines a Swarm service's tasks wrote (through the manager), for error messages; never throws. */
export async function lastServiceLogLines(engine: Engine, serviceName: string, lines = 30): Promise<string> {
  try {
    const raw = (await engine.call('read service logs', (abortSignal) =>
      engine.docker.getService(serviceName).logs({ stdout: true, stderr: true, tail: lines, follow: false, abortSignal } as object),
    )) as unknown as Buffer;
    return demuxBuffer(raw).text.trimEnd() || '(no output yet)';
  } catch {
    return '(no logs available)';
  }
}
