import { createHash } from 'node:crypto';
import { retry } from '../../../src/shared/retry.js';
import { LabError } from '../lab-error.js';
import { docker, dockerResult } from './docker-command.js';
import { SWARM_NODE_IMAGE } from './swarm-node-image.js';
import {
  apiPortOf,
  containerNameOf,
  dataVolumeOf,
  dockerHostOf,
  NODE_API_PORT,
  NODE_CONFIG_LABEL,
  SWARM_LAB_LABEL,
  SWARM_NETWORK,
  type SwarmNodeName,
} from './swarm-lab-names.js';

/**
 * What lets Debian's dockerd run (and run swarm tasks) in a container without --privileged on this kernel
 * (cgroup v1, no IPVS):
 * - all capabilities but SYS_RESOURCE: the inner engine mounts, makes bridges/veths/vxlan, writes iptables;
 * - seccomp and AppArmor unconfined, systempaths unconfined: runc inside needs mount(2), unshare(2) and the
 *   /proc and /sys paths the outer engine otherwise masks or makes read-only;
 * - the host's cgroup tree mounted read-write (cgroup v1: the outer engine mounts it read-only), so the inner
 *   runc can create cgroups; the entrypoint's relative --cgroup-parent puts them under this container's own;
 * - /run on tmpfs: a restarted node starts with no stale sockets or pid files from its previous run.
 */
const NESTED_ENGINE_FLAGS = [
  '--cap-add=ALL',
  '--cap-drop=SYS_RESOURCE',
  '--security-opt=seccomp=unconfined',
  '--security-opt=apparmor=unconfined',
  '--security-opt=systempaths=unconfined',
  '--tmpfs=/run',
  '--volume=/sys/fs/cgroup:/sys/fs/cgroup',
];

export interface NodeContainerSpec {
  name: SwarmNodeName;
  /** Host ports published on 127.0.0.1 to the same port of the node (swarm services publish them in host mode). */
  publish: number[];
  imageId: string;
}

/** The `docker run` arguments after `run`; their hash (with the image id) is the container's config label. */
export function nodeRunArgs(spec: NodeContainerSpec): string[] {
  const { name } = spec;
  const ports = [...new Set(spec.publish)].sort((a, b) => a - b);
  const identity = [
    `--name=${containerNameOf(name)}`,
    // The swarm node's hostname is what placement constraints match (node.hostname==node-1).
    `--hostname=${name}`,
    `--network=${SWARM_NETWORK}`,
    `--network-alias=${name}`,
    `--label=${SWARM_LAB_LABEL}=${name}`,
    `--volume=${dataVolumeOf(name)}:/var/lib/docker`,
    // Unauthenticated engine API: loopback only.
    `--publish=127.0.0.1:${apiPortOf(name)}:${NODE_API_PORT}`,
    ...ports.map((port) => `--publish=127.0.0.1:${port}:${port}`),
  ];
  return [...identity, ...NESTED_ENGINE_FLAGS];
}

export function nodeConfigHash(spec: NodeContainerSpec): string {
  return createHash('sha256')
    .update(JSON.stringify({ args: nodeRunArgs(spec), image: spec.imageId }))
    .digest('hex')
    .slice(0, 16);
}

export type NodeContainerState = 'created' | 'started' | 'running';

/**
 * The node's container as `spec` says: kept when it already runs with the same config hash, started when it
 * is stopped, recreated (its data volume kept) when the hash differs. Waits until its engine answers.
 */
export async function ensureNodeContainer(spec: NodeContainerSpec, signal: AbortSignal | undefined): Promise<NodeContainerState> {
  const container = containerNameOf(spec.name);
  const hash = nodeConfigHash(spec);
  const step = `node container ${container}`;
  const existing = await dockerResult(['container', 'inspect', '--format', `{{index .Config.Labels "${NODE_CONFIG_LABEL}"}} {{.State.Running}}`, container], {
    step,
    signal,
  });
  const [existingHash, running] = existing.ok ? existing.stdout.split(' ') : [];
  let state: NodeContainerState = 'running';
  if (!existing.ok || existingHash !== hash) {
    if (existing.ok) await docker(['rm', '--force', container], { step, signal, timeoutMs: 60_000 });
    await docker(['run', '--detach', `--label=${NODE_CONFIG_LABEL}=${hash}`, ...nodeRunArgs(spec), SWARM_NODE_IMAGE.tag], { step, signal, timeoutMs: 60_000 });
    state = 'created';
  } else if (running !== 'true') {
    await docker(['start', container], { step, signal, timeoutMs: 60_000 });
    state = 'started';
  }
  await waitForNodeEngine(spec.name, signal);
  return state;
}

class NodeContainerStopped extends Error {}

/** Polls the node's engine API until it answers; a node container that exits meanwhile fails at once, with its log. */
export async function waitForNodeEngine(name: SwarmNodeName, signal: AbortSignal | undefined, timeoutMs = 90_000): Promise<void> {
  const container = containerNameOf(name);
  const step = `wait for ${name}'s engine`;
  await retry(
    async () => {
      const running = await dockerResult(['container', 'inspect', '--format', '{{.State.Running}}', container], { step, signal });
      if (running.stdout !== 'true') throw new NodeContainerStopped(`${container} is not running`);
      const info = await dockerResult(['info', '--format', '{{.ServerVersion}}'], { host: dockerHostOf(name), step, signal, timeoutMs: 10_000 });
      if (!info.ok) throw new Error(info.reason);
    },
    { timeoutMs, intervalMs: 250, signal, retryOn: (error) => !(error instanceof NodeContainerStopped), onGiveUp: (error) => error as Error },
  ).catch(async (error: Error) => {
    if (error.name === 'InterruptedError') throw error;
    const logs = await dockerResult(['logs', '--tail', '30', container], { step, signal });
    throw new LabError(
      step,
      `${error.message}; last lines of \`docker logs ${container}\`:\n${[logs.stdout, logs.stderr].filter(Boolean).join('\n')}`,
      'the inner dockerd could not start: read its log above (cgroup, iptables and storage-driver errors show there)',
    );
  });
}

/** The node's IP on the lab network (it may change when a stopped node is started again). */
export async function nodeAddress(name: SwarmNodeName, signal: AbortSignal | undefined): Promise<string> {
  const format = `{{(index .NetworkSettings.Networks "${SWARM_NETWORK}").IPAddress}}`;
  const address = await docker(['container', 'inspect', '--format', format, containerNameOf(name)], { step: `address of ${name}`, signal });
  if (!address) throw new LabError(`address of ${name}`, `${containerNameOf(name)} has no address on ${SWARM_NETWORK}`, 'is the node running?');
  return address;
}

export async function ensureSwarmNetwork(signal: AbortSignal | undefined): Promise<void> {
  const step = `network ${SWARM_NETWORK}`;
  if ((await dockerResult(['network', 'inspect', SWARM_NETWORK], { step, signal })).ok) return;
  await docker(['network', 'create', `--label=${SWARM_LAB_LABEL}=network`, SWARM_NETWORK], { step, signal });
}
