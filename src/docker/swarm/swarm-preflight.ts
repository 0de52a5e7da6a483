import type { ResolvedEngine, ResolvedPlacement } from '../../config/engine-config.js';
import type { ServiceSpec } from '../../services/spec.js';
import { OperationError } from '../../shared/errors.js';
import type { Engine } from '../engine.js';
import { imageExists } from '../ensure-image.js';
import type { NodeEngines } from './node-engines.js';
import { listSwarmNodes, type SwarmNode } from './swarm-nodes.js';

export const placementMatches = (placement: ResolvedPlacement, node: SwarmNode): boolean =>
  (placement.node === null || node.hostname === placement.node) && Object.entries(placement.labels).every(([k, v]) => node.labels[k] === v);

/** The nodes a service may run on, by its placement (all of them when it has none). */
export const candidateNodes = (placement: ResolvedPlacement | undefined, nodes: readonly SwarmNode[]): SwarmNode[] =>
  placement ? nodes.filter((node) => placementMatches(placement, node)) : [...nodes];

/**
 * Before anything is created: the engine is a reachable Swarm manager, every pinned node exists and is ready,
 * label placements match a node, and each image is on every node that may run it (where the config names the
 * node's engine, so rocketctl can look). Every problem is listed with its fix.
 */
export async function swarmPreflight(
  engine: Engine,
  specs: readonly Pick<ServiceSpec, 'name' | 'image'>[],
  config: ResolvedEngine,
  nodeEngines: NodeEngines,
): Promise<void> {
  const info = (await engine.call('engine info', (abortSignal) =>
    (engine.docker.info as (options: object) => Promise<unknown>).call(engine.docker, { abortSignal }),
  )) as {
    Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
  };
  if (info.Swarm?.LocalNodeState !== 'active') {
    throw new OperationError(
      `the Docker engine at ${engine.where} is not part of a swarm (state: ${info.Swarm?.LocalNodeState || 'inactive'})`,
      'run `docker swarm init` on the first node and `docker swarm join` on the others, or point DOCKER_HOST at a manager; engine.kind "docker" runs on one host',
    );
  }
  if (!info.Swarm.ControlAvailable) {
    throw new OperationError(
      `the Docker engine at ${engine.where} is a swarm worker, not a manager`,
      'point DOCKER_HOST at a manager node (`docker node ls` works there)',
    );
  }
  const nodes = await listSwarmNodes(engine);
  const names = nodes.map((n) => n.hostname).join(', ');
  const problems: { text: string; fix: string }[] = [];
  const imageChecks: Promise<void>[] = [];
  for (const spec of specs) {
    const placement = config.placement[spec.name];
    const candidates = candidateNodes(placement, nodes);
    if (placement?.node && !nodes.some((n) => n.hostname === placement.node)) {
      problems.push({
        text: `engine.placement.${spec.name}.node: no swarm node is named ${placement.node} (nodes: ${names})`,
        fix: 'use a host name `docker node ls` shows',
      });
      continue;
    }
    if (candidates.length === 0) {
      const labels = Object.entries(placement?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
      problems.push({
        text: `engine.placement.${spec.name}.labels: no node has ${labels.join(', ')}`,
        fix: `label a node: docker node update --label-add ${labels[0] ?? 'KEY=VALUE'} NODE`,
      });
      continue;
    }
    const usable = candidates.filter((n) => n.state === 'ready' && n.availability === 'active');
    if (usable.length === 0) {
      const states = candidates.map((n) => `${n.hostname} ${n.state}/${n.availability}`).join(', ');
      problems.push({
        text: `${spec.name}: no node it may run on is ready (${states})`,
        fix: 'bring the node back (its dockerd), or `docker node update --availability active NODE`',
      });
      continue;
    }
    for (const node of usable.filter((n) => nodeEngines.has(n.hostname))) {
      imageChecks.push(
        imageOnNode(nodeEngines, node.hostname, spec.image).then((present) => {
          if (!present)
            problems.push({
              text: `${spec.name}: image ${spec.image} is not on node ${node.hostname}`,
              fix: 'rocketctl images push-to-nodes (or serve the images from a registry the nodes can pull from); the workers image first: rocketctl --engine docker images build, on the machine that pushes',
            });
        }),
      );
    }
  }
  await Promise.all(imageChecks);
  if (problems.length === 0) return;
  const fixes = [...new Set(problems.map((p) => p.fix))];
  throw new OperationError(`the swarm is not ready for this stack:\n${problems.map((p) => `  - ${p.text}`).join('\n')}`, fixes.join('; '));
}

async function imageOnNode(nodeEngines: NodeEngines, hostname: string, image: string): Promise<boolean> {
  return imageExists(await nodeEngines.get(hostname)!, image);
}
