/**
 * A 3-node Docker Swarm on this one machine, for the swarm tests: three containers of the lab's swarm-node
 * image, each running Debian's own dockerd, on one bridge network. node-1 is the only manager (see
 * swarm-formation.ts). Each node's engine API is published on 127.0.0.1:2375N; the ports a test names in
 * `publish` are published on 127.0.0.1 to the same port of that node, where swarm services publish them in
 * host mode. Idempotent: what is already up and right is kept, and a warm call takes a few seconds.
 */
import path from 'node:path';
import { acquireFileLock } from '../../../src/shared/file-lock.js';
import { retry } from '../../../src/shared/retry.js';
import { assertRoot } from '../host-check.js';
import { LabError } from '../lab-error.js';
import { cacheDir } from '../lab-paths.js';
import { docker, dockerResult } from './docker-command.js';
import { ensureSwarmNetwork, nodeAddress, waitForNodeEngine } from './node-container.js';
import { ensureProbeImage } from './node-images.js';
import { checkOverlayOrReform } from './overlay-check.js';
import { startNodes } from './start-order.js';
import { ensureSwarm, swarmInfo, waitForNodesReady, waitForNodeStates } from './swarm-formation.js';
import { apiPortOf, containerNameOf, dataVolumeOf, dockerHostOf, MANAGER, NODE_NAMES, SWARM_NETWORK, type SwarmNodeName } from './swarm-lab-names.js';
import { ensureSwarmNodeImage, SWARM_NODE_IMAGE } from './swarm-node-image.js';

export { loadImageIntoNode, PROBE_IMAGE } from './node-images.js';
export { checkOverlay } from './overlay-check.js';

export interface SwarmLabNode {
  name: 'node-1' | 'node-2' | 'node-3';
  container: string;
  /** tcp://127.0.0.1:PORT, the node's own dockerd API. */
  dockerHost: string;
  /** Its IP on the lab bridge network (updated by startNode: a restarted container may get another one). */
  address: string;
  manager: boolean;
}

export interface SwarmLab {
  nodes: SwarmLabNode[];
  managerDockerHost: string;
  /** `docker stop` of the node's container; for a worker, returns once the manager lists it as down. */
  stopNode(name: SwarmLabNode['name'], signal?: AbortSignal): Promise<void>;
  /** Starts it again; returns once its engine answers and the manager lists it as ready. */
  startNode(name: SwarmLabNode['name'], signal?: AbortSignal): Promise<void>;
  /** Removes the node containers, their data volumes and the network. */
  teardown(signal?: AbortSignal): Promise<void>;
}

const NODE_STOP_TIMEOUT_S = 10;

export async function ensureSwarmLab(options: {
  signal?: AbortSignal;
  log: (line: string) => void;
  publish: Record<SwarmLabNode['name'], number[]>;
}): Promise<SwarmLab> {
  const { signal, log, publish } = options;
  assertRoot();
  checkPublish(publish);
  const started = Date.now();
  await ensureSwarmNodeImage({ signal, log });
  return withSwarmLock(signal, log, async () => {
    const imageId = await docker(['image', 'inspect', '--format', '{{.Id}}', SWARM_NODE_IMAGE.tag], { step: 'swarm node image', signal });
    await ensureSwarmNetwork(signal);
    const nodesStarted = Date.now();
    const states = await startNodes(publish, imageId, signal);
    const touched = NODE_NAMES.filter((_, i) => states[i] !== 'running');
    if (touched.length > 0) log(`node containers ready in ${seconds(nodesStarted)} (${NODE_NAMES.map((n, i) => `${n} ${states[i]}`).join(', ')})`);
    const addresses = Object.fromEntries(await Promise.all(NODE_NAMES.map(async (n) => [n, await nodeAddress(n, signal)] as const))) as Record<
      SwarmNodeName,
      string
    >;
    const swarmStarted = Date.now();
    const changed = await ensureSwarm(addresses, signal, log);
    if (changed) log(`swarm formed in ${seconds(swarmStarted)}`);
    await Promise.all(NODE_NAMES.map((name) => ensureProbeImage(name, signal)));
    // The data path is proven once per change, not on every warm call.
    if (changed || touched.length > 0) await checkOverlayOrReform({ keptSwarm: !changed, addresses, signal, log });
    log(`swarm lab up in ${seconds(started)} (manager ${dockerHostOf(MANAGER)})`);
    return swarmLab(addresses);
  });
}

function swarmLab(addresses: Record<SwarmNodeName, string>): SwarmLab {
  const nodes: SwarmLabNode[] = NODE_NAMES.map((name) => ({
    name,
    container: containerNameOf(name),
    dockerHost: dockerHostOf(name),
    address: addresses[name],
    manager: name === MANAGER,
  }));
  return {
    nodes,
    managerDockerHost: dockerHostOf(MANAGER),
    async stopNode(name, signal) {
      await docker(['stop', `--time=${NODE_STOP_TIMEOUT_S}`, containerNameOf(name)], {
        step: `stop ${name}`,
        signal,
        timeoutMs: (NODE_STOP_TIMEOUT_S + 30) * 1000,
      });
      if (name !== MANAGER) await waitForNodeStates([name], 'down', signal, 60_000);
    },
    async startNode(name, signal) {
      await docker(['start', containerNameOf(name)], { step: `start ${name}`, signal, timeoutMs: 60_000 });
      await waitForNodeEngine(name, signal);
      const node = nodes.find((n) => n.name === name)!;
      node.address = await nodeAddress(name, signal);
      if (name === MANAGER) await waitForManager(signal);
      await waitForNodesReady([name], signal);
    },
    teardown: (signal) => teardownSwarmLab(signal),
  };
}

/** Everything the lab made on the host's engine; missing pieces are fine (a second teardown does nothing). */
export async function teardownSwarmLab(signal?: AbortSignal): Promise<void> {
  const step = 'swarm lab teardown';
  for (const name of NODE_NAMES) await dockerResult(['rm', '--force', '--volumes', containerNameOf(name)], { step, signal, timeoutMs: 120_000 });
  for (const name of NODE_NAMES) await dockerResult(['volume', 'rm', '--force', dataVolumeOf(name)], { step, signal, timeoutMs: 120_000 });
  const network = await dockerResult(['network', 'rm', SWARM_NETWORK], { step, signal });
  if (!network.ok && !/not found|No such network/i.test(network.reason))
    throw new LabError(step, network.reason, `\`docker network inspect ${SWARM_NETWORK}\``);
}

async function waitForManager(signal: AbortSignal | undefined): Promise<void> {
  await retry(
    async () => {
      const info = await swarmInfo(MANAGER, signal);
      if (info.LocalNodeState !== 'active' || !info.ControlAvailable) throw new Error(`${MANAGER} is ${info.LocalNodeState}, control ${info.ControlAvailable}`);
    },
    { timeoutMs: 90_000, intervalMs: 500, signal, what: `${MANAGER} managing the swarm again` },
  );
}

function checkPublish(publish: Record<SwarmNodeName, number[]>): void {
  const seen = new Map<number, SwarmNodeName>();
  const reserved = new Set(NODE_NAMES.map(apiPortOf));
  for (const name of NODE_NAMES) {
    const ports = publish[name];
    if (!Array.isArray(ports)) throw new LabError('swarm lab options', `publish.${name} is missing`, 'give every node a port list (may be empty)');
    for (const port of ports) {
      const clash = seen.get(port);
      if (!Number.isInteger(port) || port < 1 || port > 65_535 || reserved.has(port) || (clash && clash !== name)) {
        throw new LabError(
          'swarm lab options',
          `publish.${name}: port ${port} ${clash ? `is also published by ${clash}` : 'is not a free TCP port number'}`,
          `a host port can be published by one node only; ${[...reserved].join(', ')} are the nodes' engine APIs`,
        );
      }
      seen.set(port, name);
    }
  }
}

/** One setup at a time: the node containers have fixed names, and two test processes must not both recreate them. */
async function withSwarmLock<T>(signal: AbortSignal | undefined, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const release = await acquireFileLock(path.join(cacheDir, 'swarm-lab.lock'), {
    what: 'the swarm lab lock',
    command: 'swarm lab setup',
    waitMs: 15 * 60_000,
    signal,
    onWait: (holder) => log(`waiting for another swarm lab setup (pid ${holder.pid}) to finish`),
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
