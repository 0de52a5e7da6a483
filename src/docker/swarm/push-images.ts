import type { ResolvedEngine } from '../../config/engine-config.js';
import type { ServiceSpec } from '../../services/spec.js';
import { OperationError } from '../../shared/errors.js';
import type { Engine } from '../engine.js';
import { imageExists } from '../ensure-image.js';
import { candidateNodes } from './swarm-preflight.js';
import type { NodeEngines } from './node-engines.js';
import { listSwarmNodes } from './swarm-nodes.js';

/** One image copy may take this long (a JVM image into a node on a slow link or vfs storage). */
const LOAD_TIMEOUT_MS = 15 * 60_000;

export interface PushedImage {
  node: string;
  image: string;
  action: 'present' | 'loaded';
  seconds: number;
}

/**
 * Without a registry: each image goes to every node that may run it (`docker save | docker load`, streamed
 * from the source engine into the node's engine, nothing written to disk). A node that has it is left alone.
 * Everything is checked (node engines configured, images present at the source) before the first copy.
 */
export async function pushImagesToNodes(
  source: Engine,
  manager: Engine,
  specs: readonly Pick<ServiceSpec, 'name' | 'image'>[],
  config: ResolvedEngine,
  nodeEngines: NodeEngines,
  onProgress: (line: string) => void,
): Promise<PushedImage[]> {
  const nodes = await listSwarmNodes(manager);
  const wanted = new Map<string, Set<string>>();
  for (const spec of specs) {
    for (const node of candidateNodes(config.placement[spec.name], nodes)) {
      wanted.set(node.hostname, (wanted.get(node.hostname) ?? new Set()).add(spec.image));
    }
  }
  const unreachable = [...wanted.keys()].filter((node) => !nodeEngines.has(node));
  if (unreachable.length > 0) {
    throw new OperationError(
      `rocketctl cannot reach the engine of node(s) ${unreachable.join(', ')} to copy images into`,
      `set engine.nodes.<host name>.dockerHost for each (e.g. "ssh://ops@${unreachable[0]}"), or serve the images from a registry`,
    );
  }
  const images = [...new Set(specs.map((s) => s.image))];
  const missing: string[] = [];
  for (const image of images) if (!(await imageExists(source, image))) missing.push(image);
  if (missing.length > 0)
    throw new OperationError(
      `not on the source engine (${source.where}): ${missing.join(', ')}`,
      'build or load them there first, or pass --from with the engine that has them',
    );
  const results: PushedImage[] = [];
  // Node by node, image by image: one copy at a time keeps the source engine and the link from thrashing.
  for (const [node, nodeImages] of wanted) {
    const target = await nodeEngines.get(node)!;
    for (const image of [...nodeImages].sort()) {
      const started = Date.now();
      if (await imageExists(target, image)) {
        results.push({ node, image, action: 'present', seconds: 0 });
        continue;
      }
      onProgress(`${node}: loading ${image}`);
      await copyImage(source, target, image);
      results.push({ node, image, action: 'loaded', seconds: (Date.now() - started) / 1000 });
    }
  }
  return results;
}

async function copyImage(source: Engine, target: Engine, image: string): Promise<void> {
  await target.call(
    `copy ${image} into ${target.where}`,
    async (abortSignal) => {
      const saved = (await source.docker.getImage(image).get()) as NodeJS.ReadableStream & { destroy(): void };
      abortSignal.addEventListener('abort', () => saved.destroy(), { once: true });
      const progress = (await target.docker.loadImage(saved, { abortSignal } as object)) as NodeJS.ReadableStream;
      await new Promise<void>((resolve, reject) => {
        target.docker.modem.followProgress(progress, (error: Error | null, events: { error?: string }[]) => {
          const failed = error?.message ?? events?.find((e) => e.error)?.error;
          if (failed) reject(new Error(failed));
          else resolve();
        });
      });
    },
    LOAD_TIMEOUT_MS,
  );
}
