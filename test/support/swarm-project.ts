import type { SwarmLab, SwarmLabNode } from '../lab/swarm/swarm-lab.js';

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
} as const satisfies Record<string, SwarmLabNode['name']>;

/**
 * Every swarm-lab project shifts its ports by this: the node containers publish them for as long as they exist,
 * so the tests and the bench share one set (another would recreate the nodes and their loaded images).
 */
export const SWARM_PORT_OFFSET = 300;

/** The lab config's host port of each service endpoint (test/lab/rocketctl.lab.config.ts). */
const LAB_PORTS: Record<keyof typeof SWARM_PLACEMENT, number[]> = {
  'zookeeper-1': [22181],
  'zookeeper-2': [22182],
  'zookeeper-3': [22183],
  kafka: [29093],
  cassandra: [29042],
  postgres: [25432],
  couchdb: [26984],
};

/** The ports each node container must publish on 127.0.0.1 for a project whose ports are shifted by `offset`. */
export function swarmPublish(offset: number): Record<SwarmLabNode['name'], number[]> {
  const publish: Record<SwarmLabNode['name'], number[]> = { 'node-1': [], 'node-2': [], 'node-3': [] };
  for (const [service, node] of Object.entries(SWARM_PLACEMENT))
    publish[node].push(...LAB_PORTS[service as keyof typeof SWARM_PLACEMENT].map((p) => p + offset));
  return publish;
}

/** Config overrides (for createLabProject) that run the lab stack on the swarm lab. */
export function swarmOverrides(lab: SwarmLab): string {
  const engine = {
    kind: 'swarm',
    placement: Object.fromEntries(Object.entries(SWARM_PLACEMENT).map(([service, node]) => [service, { node }])),
    nodes: Object.fromEntries(lab.nodes.map((n) => [n.name, { address: '127.0.0.1', dockerHost: n.dockerHost }])),
  };
  // The nodes are containers on this machine: their host-mode ports are published on 127.0.0.1 only.
  return JSON.stringify({ allowPublicBind: true, engine });
}
