import { connectEngine } from '../docker/engine.js';
import { pushImagesToNodes, type PushedImage } from '../docker/swarm/push-images.js';
import { NodeEngines } from '../docker/swarm/node-engines.js';
import { memberShapes, workersImage } from './stack-members.js';
import { UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

/** `rocketctl images push-to-nodes`: every enabled member's image (services, the workers image) onto each Swarm node that may run it. */
export async function pushToNodes(
  context: CommandContext,
  options: { from: string; onProgress: (line: string) => void },
): Promise<{ images: PushedImage[]; seconds: number }> {
  const { config, signal, env } = context;
  if (config.engine.kind !== 'swarm') {
    throw new UsageError(
      'images push-to-nodes is for a Swarm: the config has engine.kind "docker"',
      "set engine: { kind: 'swarm', … } in the config, or pass --engine swarm",
    );
  }
  if (!/^(tcp|ssh|unix):\/\/\S+$/.test(options.from))
    throw new UsageError(`--from ${options.from} is not a Docker endpoint`, 'e.g. --from unix:///var/run/docker.sock');
  const started = Date.now();
  const source = await connectEngine(signal, env, options.from);
  const manager = await connectEngine(signal, env);
  const images = await pushImagesToNodes(
    source,
    manager,
    memberShapes(config, workersImage(config).tag),
    config.engine,
    new NodeEngines(config.engine, signal, env),
    options.onProgress,
  );
  return { images, seconds: (Date.now() - started) / 1000 };
}
