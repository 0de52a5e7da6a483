import type { MemberName } from '../workers/descriptors.js';
import { OperationError } from '../shared/errors.js';
import { demuxBuffer } from './container-io.js';
import type { Engine } from './engine.js';
import { inspectOrNull } from './ensure-container.js';
import { LABEL, containerName } from './labels.js';

export interface LogSinks {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Applied to every chunk before it is written (the redactor). */
  transform: (text: string) => string;
}

/** A service container's output, stdout to stdout and stderr to stderr; `follow` streams until the signal fires. */
export async function writeServiceLogs(
  engine: Engine,
  project: string,
  service: MemberName,
  options: { follow: boolean; tail?: number },
  sinks: LogSinks,
): Promise<void> {
  const container = engine.docker.getContainer(containerName(project, service));
  const info = await inspectOrNull(engine, container);
  if (!info || info.Config.Labels?.[LABEL.project] !== project) throw new OperationError(`${service} has no container`, 'run `rocketctl up` first');
  await writeLogs(engine, service, container, options, sinks);
}

/** Anything the engine streams logs of: a container, or a Swarm service (the manager gathers its tasks' output). */
export interface LogSource {
  logs(options: object): Promise<unknown>;
}

/** Writes a log source's multiplexed output into the sinks; `follow` streams until the signal fires. */
export async function writeLogs(engine: Engine, what: string, source: LogSource, options: { follow: boolean; tail?: number }, sinks: LogSinks): Promise<void> {
  const tail = options.tail ?? (options.follow ? 100 : 'all');
  const write = (stream: 1 | 2, data: Buffer) => (stream === 2 ? sinks.stderr : sinks.stdout).write(sinks.transform(data.toString()));
  if (!options.follow) {
    const raw = (await engine.call(`logs of ${what}`, (abortSignal) =>
      source.logs({ stdout: true, stderr: true, follow: false, tail: tail as number, abortSignal }),
    )) as Buffer;
    for (const frame of demuxBuffer(raw).frames) write(frame.stream, frame.data);
    return;
  }
  const stream = (await engine.call(`logs of ${what}`, (abortSignal) =>
    source.logs({ stdout: true, stderr: true, follow: true, tail: tail as number, abortSignal }),
  )) as NodeJS.ReadableStream & { destroy(): void };
  await new Promise<void>((resolve, reject) => {
    let pending = Buffer.alloc(0);
    // Frames may be split across chunks: keep the incomplete tail for the next one.
    stream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let offset = 0;
      while (offset + 8 <= pending.length && offset + 8 + pending.readUInt32BE(offset + 4) <= pending.length) {
        const size = pending.readUInt32BE(offset + 4);
        write(pending[offset] === 2 ? 2 : 1, pending.subarray(offset + 8, offset + 8 + size));
        offset += 8 + size;
      }
      pending = pending.subarray(offset);
    });
    const stop = () => stream.destroy();
    engine.signal.addEventListener('abort', stop, { once: true });
    const done = () => {
      engine.signal.removeEventListener('abort', stop);
      resolve();
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', reject);
  });
}
