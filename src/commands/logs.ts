import { isServiceName } from '../config/service-names.js';
import { connectEngine } from '../docker/engine.js';
import { LABEL, containerName } from '../docker/labels.js';
import { OperationError, UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

/** `rocketctl logs SERVICE [-f]`: the container's output, stdout to stdout and stderr to stderr. */
export async function logs(context: CommandContext, service: string, options: { follow?: boolean; tail?: number }): Promise<void> {
  const { config, signal } = context;
  if (!isServiceName(service)) throw new UsageError(`unknown service "${service}"`, `use one of: ${Object.keys(config.services).join(', ')}`);
  const engine = await connectEngine();
  const container = engine.getContainer(containerName(config.project, service));
  const info = await container.inspect().catch(() => null);
  if (!info || info.Config.Labels?.[LABEL.project] !== config.project) {
    throw new OperationError(`${service} has no container`, 'run `rocketctl up` first');
  }
  const tail = options.tail ?? (options.follow ? 100 : 'all');
  if (!options.follow) {
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false, tail: tail as number })) as Buffer;
    demuxTo(raw);
    return;
  }
  const stream = await container.logs({ stdout: true, stderr: true, follow: true, tail: tail as number });
  await new Promise<void>((resolve, reject) => {
    container.modem.demuxStream(stream, process.stdout, process.stderr);
    const stop = () => (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    signal.addEventListener('abort', stop, { once: true });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
}

/** Non-follow logs arrive as one buffer in the engine's multiplexed frames. */
function demuxTo(raw: Buffer): void {
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    const chunk = raw.subarray(offset + 8, offset + 8 + size);
    (raw[offset] === 2 ? process.stderr : process.stdout).write(chunk);
    offset += 8 + size;
  }
}
