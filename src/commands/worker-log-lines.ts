import { Writable } from 'node:stream';
import type { LogSinks } from '../docker/container-logs.js';
import type { WorkerName } from '../workers/descriptors.js';

/** A line of the workers member's output that is about this worker: its own messages and its status line. */
export function isWorkerLine(line: string, worker: WorkerName): boolean {
  const text = line.replace(/^(warning|debug): /, '');
  return text.startsWith(`${worker}: `) || /^[●○] (\S+)/.exec(text)?.[1] === worker;
}

/** The sinks, passing on only whole lines that `keep` accepts (the member writes every worker's lines into one log). */
export function filterLines(sinks: LogSinks, keep: (line: string) => boolean): LogSinks {
  const filtered = (target: NodeJS.WritableStream) => {
    let partial = '';
    return new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        const kept = lines.filter(keep);
        if (kept.length === 0) return done();
        target.write(`${kept.join('\n')}\n`, done);
      },
      final(done) {
        if (partial && keep(partial)) target.write(`${partial}\n`, done);
        else done();
      },
    });
  };
  return { stdout: filtered(sinks.stdout), stderr: filtered(sinks.stderr), transform: sinks.transform };
}
