import { ZOOKEEPER_PEERS } from '../services/zookeeper/peers.js';
import type { ResolvedConfig } from './types.js';

/**
 * What a Swarm stack needs that one host does not: every member pinned (its data volume is local to a node),
 * ZooKeeper peers on different nodes (one lost node must keep the quorum), Kafka on a named node with the
 * address clients reach it at (it advertises that address), and a decision about exposure, because Swarm's
 * host-mode ports bind every interface of the node.
 */
export function swarmProblems(config: ResolvedConfig): string[] {
  if (config.engine.kind !== 'swarm') return [];
  const { placement, nodes } = config.engine;
  const enabled = Object.values(config.services).filter((service) => service.enabled);
  const problems: string[] = [];
  for (const service of enabled) {
    if (!placement[service.name]) {
      problems.push(
        `engine.placement.${service.name}: missing; with engine.kind 'swarm' every enabled service is pinned: { node: "<host name>" } or { labels: {…} }`,
      );
    }
  }
  if (Object.values(config.workers).some((worker) => worker.enabled) && !placement.workers) {
    problems.push(
      "engine.placement.workers: missing; with engine.kind 'swarm' the workers member is pinned like every service (its state volume is local to a node), or turn every worker off",
    );
  }
  const peerNodes = ZOOKEEPER_PEERS.filter((name) => config.services[name].enabled && placement[name]?.node).map((name) => [name, placement[name]!.node!]);
  for (const [i, [name, node]] of peerNodes.entries()) {
    const other = peerNodes.slice(0, i).find(([, n]) => n === node);
    if (other)
      problems.push(
        `engine.placement.${name}.node: ${node} already runs ${other[0]}; put the ZooKeeper peers on three nodes, so one lost node keeps the quorum`,
      );
  }
  const kafkaNode = placement.kafka?.node;
  if (config.services.kafka.enabled && placement.kafka) {
    if (!kafkaNode) problems.push('engine.placement.kafka.node: Kafka advertises the address of its node to clients; pin it to a node by host name');
    else if (!nodes[kafkaNode]?.address)
      problems.push(`engine.nodes.${kafkaNode}.address: missing; Kafka advertises it to clients (the address this machine reaches ${kafkaNode} at)`);
  }
  const published = enabled.some((service) => Object.values(service.ports).some((port) => port !== null));
  if (published && !config.allowPublicBind) {
    problems.push(
      "allowPublicBind: Swarm publishes ports on every interface of a node (no per-address binding); set allowPublicBind: true once a firewall protects the nodes, or set the services' ports to null",
    );
  }
  return problems;
}
