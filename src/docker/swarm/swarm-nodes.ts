import type { Engine } from '../engine.js';

export interface SwarmNode {
  id: string;
  hostname: string;
  /** The address the node registered with the swarm. */
  addr: string;
  /** 'ready', or 'down'/'unknown'/'disconnected' for a lost node. */
  state: string;
  availability: string;
  labels: Record<string, string>;
}

export async function listSwarmNodes(engine: Engine): Promise<SwarmNode[]> {
  const nodes = await engine.call('list swarm nodes', (abortSignal) => engine.docker.listNodes({ abortSignal } as object));
  return nodes
    .map((node) => ({
      id: node.ID!,
      hostname: node.Description?.Hostname ?? node.ID!,
      addr: node.Status?.Addr ?? '',
      state: node.Status?.State ?? 'unknown',
      availability: node.Spec?.Availability ?? 'active',
      labels: node.Spec?.Labels ?? {},
    }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}
