import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Engine } from './engine.js';

/** Log lines quoted under an error message, indented so they read as one block. */
export const indentLines = (text: string): string =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

/** The last lines a container wrote (stdout and stderr), for error messages; never throws. */
export async function lastLogLines(engine: Engine, container: Docker.Container, lines = 30): Promise<string> {
  try {
    const raw = (await engine.call('read container logs', (abortSignal) =>
      container.logs({ stdout: true, stderr: true, tail: lines, follow: false, abortSignal }),
    )) as Buffer;
    return demuxBuffer(raw).text.trimEnd();
  } catch {
    return '(no logs available)';
  }
}

/** Runs a command in a running container and collects its output (both streams, and stdout alone) and exit code, within timeoutMs. */
export async function execIn(
  engine: Engine,
  container: Docker.Container,
  command: string[],
  timeoutMs = 10_000,
): Promise<{ exitCode: number; output: string; stdout: string }> {
  return engine.call(
    `exec ${command[0]}`,
    async (abortSignal) => {
      const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true, abortSignal });
      const stream = await exec.start({ hijack: true, stdin: false, abortSignal });
      const out = new PassThrough();
      const err = new PassThrough();
      let text = '';
      let stdout = '';
      out.on('data', (chunk: Buffer) => ((text += chunk.toString()), (stdout += chunk.toString())));
      err.on('data', (chunk: Buffer) => (text += chunk.toString()));
      container.modem.demuxStream(stream, out, err);
      await new Promise<void>((resolve) => {
        abortSignal.addEventListener('abort', () => stream.destroy(), { once: true });
        stream.on('end', resolve);
        stream.on('close', resolve);
      });
      const { ExitCode } = await exec.inspect({ abortSignal });
      return { exitCode: ExitCode ?? -1, output: text, stdout };
    },
    timeoutMs,
  );
}

/** One frame of Docker's multiplexed stream: 1 = stdout, 2 = stderr. */
export interface LogFrame {
  stream: 1 | 2;
  data: Buffer;
}

/**
 * Docker's multiplexed log format: an 8-byte header (stream type, 3 zero bytes, big-endian size) before
 * each chunk. A buffer that does not start with a header is a TTY container's raw output.
 */
export function demuxBuffer(raw: Buffer): { frames: LogFrame[]; text: string } {
  const frames: LogFrame[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length && (raw[offset] === 1 || raw[offset] === 2) && raw[offset + 1] === 0 && raw[offset + 2] === 0 && raw[offset + 3] === 0) {
    const size = raw.readUInt32BE(offset + 4);
    frames.push({ stream: raw[offset] as 1 | 2, data: raw.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size;
  }
  if (offset === 0) return { frames: raw.length ? [{ stream: 1, data: raw }] : [], text: raw.toString() };
  return { frames, text: frames.map((f) => f.data.toString()).join('') };
}
