import { retry } from '../../../src/shared/retry.js';
import { acceptsConnection } from '../../support/tcp-accepts.js';
import { LabError } from '../lab-error.js';
import { ensureNodeContainer, nodeAddress, type NodeContainerState } from './node-container.js';
import { swarmInfo } from './swarm-formation.js';
import { MANAGER, NODE_NAMES, type SwarmNodeName } from './swarm-lab-names.js';

/**
 * The manager first: when it was stopped and is still in a swarm, the workers start only once its gossip port
 * listens (see waitForGossipPort below), so after a reboot the overlay network's names resolve at once, not a minute later.
 * Returns each node's state in NODE_NAMES order.
 */
export async function startNodes(publish: Record<SwarmNodeName, number[]>, imageId: string, signal: AbortSignal | undefined): Promise<NodeContainerState[]> {
  const ensure = (name: SwarmNodeName) => ensureNodeContainer({ name, publish: publish[name], imageId }, signal);
  const managerState = await ensure(MANAGER);
  if (managerState !== 'running' && (await swarmInfo(MANAGER, signal)).LocalNodeState === 'active') {
    await waitForGossipPort(MANAGER, await nodeAddress(MANAGER, signal), signal);
  }
  const states: Partial<Record<SwarmNodeName, NodeContainerState>> = { [MANAGER]: managerState };
  // One after the other: the bridge hands out addresses in start order, so each node gets its address of last
  // time and a kept swarm stays as it was (started together, node-2 and node-3 swapped addresses and rejoined).
  for (const name of NODE_NAMES.filter((n) => n !== MANAGER)) states[name] = await ensure(name);
  return NODE_NAMES.map((n) => states[n]!);
}

/** The swarm's NetworkDB gossip (memberlist) port on every node. */
const GOSSIP_PORT = 7946;

/**
 * Waits until `address:7946` (a node on the lab bridge) accepts a TCP connection. Why: a worker whose engine
 * starts before the manager's gossip listens fails to join NetworkDB and retries only about a minute later;
 * until then no service name on an overlay network resolves from that worker ("bad address"), although
 * `node ls` lists every node as ready. Seen when all three node containers start together after a reboot.
 */
async function waitForGossipPort(name: SwarmNodeName, address: string, signal: AbortSignal | undefined, timeoutMs = 60_000): Promise<void> {
  await retry(
    async () => {
      if (!(await acceptsConnection(address, GOSSIP_PORT))) throw new Error('not listening');
    },
    { timeoutMs, intervalMs: 250, signal, onGiveUp: (error) => error as Error },
  ).catch((error: Error) => {
    if (error.name === 'InterruptedError') throw error;
    throw new LabError(
      `gossip port of ${name}`,
      `${address}:${GOSSIP_PORT} does not accept connections after ${timeoutMs / 1000} s`,
      `its engine is in the swarm but NetworkDB did not start: \`docker logs rocketctl-swarm-${name}\` (look for "memberlist")`,
    );
  });
}
