import type { SwarmLab, SwarmLabNode } from '../lab/swarm/swarm-lab.js';
import { loadLabConfig } from './lab-project.js';

/**
 * The swarm lab's layout, shared by the multi-host tests and bench: each ZooKeeper peer on its own node, Kafka
 * with the first, Cassandra with the second, Postgres and CouchDB with the third. Every node publishes its
 * services' ports on 127.0.0.1, so rocketctl reaches each node at 127.0.0.1 and Kafka advertises that address.
 */
export const SWARM_PLACEMENT = {
  'zookeeper-1': 'node-1',
  kafka: 'node-1',
  'zookeeper-2': 'node-2',
  cassandra: 'node-2',
  'zookeeper-3': 'node-3',
  postgres: 'node-3',
  couchdb: 'node-3',
  workers: 'node-2',
} as const satisfies Record<string, SwarmLabNode['name']>;

/** The workers member's telemetry port on the swarm lab (the lab config's services shift; the workers' port is set). */
export const SWARM_TELEMETRY_PORT = 8480 + 300;

/**
 * Every swarm-lab project shifts its ports by this: the node containers publish them for as long as they exist,
 * so the tests and the bench share one set (another would recreate the nodes and their loaded images).
 */
export const SWARM_PORT_OFFSET = 300;

/**
 * The ports each node container must publish on 127.0.0.1 for a project whose ports are shifted by `offset`:
 * the lab config's host ports (read through the product's own loader, so they are written down once) of the
 * services placed on that node.
 */
export async function swarmPublish(offset: number): Promise<Record<SwarmLabNode['name'], number[]>> {
  const lab = await loadLabConfig();
  const publish: Record<SwarmLabNode['name'], number[]> = { 'node-1': [], 'node-2': [], 'node-3': [] };
  for (const [member, node] of Object.entries(SWARM_PLACEMENT)) {
    if (member === 'workers') {
      publish[node].push(SWARM_TELEMETRY_PORT);
      continue;
    }
    const ports = Object.values(lab.services[member as Exclude<keyof typeof SWARM_PLACEMENT, 'workers'>].ports).filter((p): p is number => p !== null);
    publish[node].push(...ports.map((p) => p + offset));
  }
  return publish;
}

/** Config overrides (for createLabProject) that run the lab stack on the swarm lab. */
export function swarmOverrides(lab: SwarmLab): string {
  const engine = {
    kind: 'swarm',
    placement: Object.fromEntries(Object.entries(SWARM_PLACEMENT).map(([service, node]) => [service, { node }])),
    nodes: Object.fromEntries(lab.nodes.map((n) => [n.name, { address: '127.0.0.1', dockerHost: n.dockerHost }])),
  };
  // The nodes are containers on this machine: their host-mode ports are published on 127.0.0.1 only. Every worker on
  // (the lab config turns them off): the workers member runs on its node like any service.
  return JSON.stringify({ allowPublicBind: true, engine, workers: { telemetry: { port: SWARM_TELEMETRY_PORT } } });
}
