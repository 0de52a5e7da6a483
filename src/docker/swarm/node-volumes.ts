import type { Engine } from '../engine.js';
import { projectFilter } from '../labels.js';
import type { NodeEngines } from './node-engines.js';

/** The project's data volumes on every node whose engine the config names (a node without one: not listed). */
export async function nodeVolumes(nodeEngines: NodeEngines, nodes: string[], project: string): Promise<{ node: string; name: string; engine: Engine }[]> {
  const found: { node: string; name: string; engine: Engine }[] = [];
  for (const node of nodes.filter((n) => nodeEngines.has(n))) {
    const engine = await nodeEngines.get(node)!.catch(() => null);
    if (!engine) continue;
    const { Volumes } = await engine.call(`list volumes on ${node}`, (abortSignal) =>
      engine.docker.listVolumes({ filters: projectFilter(project), abortSignal }),
    );
    for (const volume of Volumes ?? []) found.push({ node, name: volume.Name, engine });
  }
  return found.sort((a, b) => `${a.node}:${a.name}`.localeCompare(`${b.node}:${b.name}`));
}
