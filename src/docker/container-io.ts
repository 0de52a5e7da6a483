import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { withTimeout } from '../shared/sleep.js';

/** The last lines a container wrote (stdout and stderr), for error messages. */
export async function lastLogLines(container: Docker.Container, lines = 30): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as Buffer;
    return demuxBuffer(raw).trimEnd();
  } catch {
    return '(no logs available)';
  }
}

/** Runs a command in a running container and collects its output and exit code. */
export async function execIn(container: Docker.Container, command: string[], timeoutMs = 10_000): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  container.modem.demuxStream(stream, output, output);
  await withTimeout(
    new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
    }),
    timeoutMs,
    () => {
      stream.destroy();
      return new Error(`command ${command[0]} did not finish within ${timeoutMs / 1000} s`);
    },
  );
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: text };
}

/** Docker's multiplexed log format: 8-byte headers (stream, size) before each chunk. */
export function demuxBuffer(raw: Buffer): string {
  let text = '';
  let offset = 0;
  while (offset + 8 <= raw.length && raw[offset]! <= 2 && raw[offset + 1] === 0) {
    const size = raw.readUInt32BE(offset + 4);
    text += raw.subarray(offset + 8, offset + 8 + size).toString();
    offset += 8 + size;
  }
  return offset === 0 ? raw.toString() : text;
}
