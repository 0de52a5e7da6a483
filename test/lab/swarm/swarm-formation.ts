import { retry } from '../../../src/shared/retry.js';
import { LabError } from '../lab-error.js';
import { docker, dockerResult } from './docker-command.js';
import { dockerHostOf, MANAGER, NODE_NAMES, type SwarmNodeName } from './swarm-lab-names.js';

/**
 * node-1 is the only manager; node-2 and node-3 are workers. Why not three managers:
 * - a stopped node is the tests' "lost node"; with one manager that is never stopped, `managerDockerHost`
 *   always answers and there is no Raft quorum to keep (3 managers would survive one loss too, but then the
 *   manager to talk to depends on which node was stopped);
 * - a node container started again may get another IP on the bridge; a worker re-advertises its new
 *   address on its own, a Raft member with a changed address does not;
 * - on 2 cores with vfs, one Raft log instead of three.
 * Stopping node-1 is allowed, but until it is started again the swarm cannot be managed.
 */
export interface SwarmInfo {
  NodeID: string;
  NodeAddr: string;
  LocalNodeState: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  ControlAvailable: boolean;
  Error: string;
  RemoteManagers: { NodeID: string; Addr: string }[] | null;
  Cluster?: { ID: string; Spec?: { Dispatcher?: { HeartbeatPeriod?: number } } } | null;
}

interface SwarmNode {
  ID: string;
  Description: { Hostname: string };
  Spec: { Role: 'manager' | 'worker' };
  Status: { State: string; Addr: string };
}

const SWARM_PORT = 2377;
/** The swarm's gossip and VXLAN data path go over the node's one interface, whatever its IP is this time. */
const ADVERTISE = 'eth0';
/**
 * How often workers report to the manager. A stopped node is listed as down after a few missed heartbeats:
 * ~18 s with the default 5 s, ~7 s with 2 s (what a "lost node" test waits for).
 */
const HEARTBEAT = '2s';
const HEARTBEAT_NS = 2_000_000_000;

export async function swarmInfo(name: SwarmNodeName, signal: AbortSignal | undefined): Promise<SwarmInfo> {
  const json = await docker(['info', '--format', '{{json .Swarm}}'], { host: dockerHostOf(name), step: `swarm state of ${name}`, signal });
  return JSON.parse(json) as SwarmInfo;
}

/** Every node the manager knows, hostname → entries (a node that joined twice has a stale second entry). */
export async function listSwarmNodes(signal: AbortSignal | undefined): Promise<SwarmNode[]> {
  const step = 'list swarm nodes';
  const ids = (await docker(['node', 'ls', '--quiet'], { host: dockerHostOf(MANAGER), step, signal })).split('\n').filter(Boolean);
  if (ids.length === 0) return [];
  return JSON.parse(await docker(['node', 'inspect', ...ids], { host: dockerHostOf(MANAGER), step, signal })) as SwarmNode[];
}

function managerHealthy(info: SwarmInfo, address: string): boolean {
  return info.LocalNodeState === 'active' && info.ControlAvailable && info.NodeAddr === address;
}

function workerHealthy(info: SwarmInfo, address: string, managerAddress: string): boolean {
  const managers = (info.RemoteManagers ?? []).map((m) => m.Addr);
  return info.LocalNodeState === 'active' && !info.ControlAvailable && info.NodeAddr === address && managers.includes(`${managerAddress}:${SWARM_PORT}`);
}

/**
 * Makes node-1 the manager and node-2/3 its workers, keeping what is already right: a healthy manager is
 * kept (with its services and networks), a worker that is in another swarm or none leaves and joins; a broken
 * manager (or `reform`) means a new swarm for all three. Returns whether anything changed.
 */
export async function ensureSwarm(
  addresses: Record<SwarmNodeName, string>,
  signal: AbortSignal | undefined,
  log: (line: string) => void,
  options: { reform?: boolean } = {},
): Promise<boolean> {
  let changed = false;
  const managerAddress = addresses[MANAGER];
  const info = Object.fromEntries(await Promise.all(NODE_NAMES.map(async (n) => [n, await swarmInfo(n, signal)] as const))) as Record<SwarmNodeName, SwarmInfo>;
  if (options.reform || !managerHealthy(info[MANAGER], managerAddress)) {
    log(`forming a new swarm on ${MANAGER} (${managerAddress}) (was: ${describe(info[MANAGER])})`);
    for (const name of NODE_NAMES) if (info[name].LocalNodeState !== 'inactive') await leave(name, signal);
    await docker(['swarm', 'init', `--advertise-addr=${ADVERTISE}`, `--dispatcher-heartbeat=${HEARTBEAT}`], {
      host: dockerHostOf(MANAGER),
      step: 'swarm init',
      signal,
    });
    for (const name of NODE_NAMES) info[name] = await swarmInfo(name, signal);
    changed = true;
  }
  if (info[MANAGER].Cluster?.Spec?.Dispatcher?.HeartbeatPeriod !== HEARTBEAT_NS) {
    await docker(['swarm', 'update', `--dispatcher-heartbeat=${HEARTBEAT}`], { host: dockerHostOf(MANAGER), step: 'swarm update', signal });
  }
  const workers = NODE_NAMES.filter((n) => n !== MANAGER);
  const joining = workers.filter((n) => !workerHealthy(info[n], addresses[n], managerAddress));
  if (joining.length > 0) {
    const token = await docker(['swarm', 'join-token', '--quiet', 'worker'], { host: dockerHostOf(MANAGER), step: 'swarm join-token', signal });
    for (const name of joining) {
      log(`joining ${name} (${addresses[name]}) to the swarm as a worker (was: ${describe(info[name])})`);
      if (info[name].LocalNodeState !== 'inactive') await leave(name, signal);
      await docker(['swarm', 'join', `--token=${token}`, `--advertise-addr=${ADVERTISE}`, `${managerAddress}:${SWARM_PORT}`], {
        host: dockerHostOf(name),
        step: `swarm join ${name}`,
        signal,
        timeoutMs: 90_000,
      });
    }
    changed = true;
  }
  const current = new Set(await Promise.all(NODE_NAMES.map(async (n) => (await swarmInfo(n, signal)).NodeID)));
  for (const stale of (await listSwarmNodes(signal)).filter((node) => !current.has(node.ID))) {
    log(`removing stale swarm node entry ${stale.ID} (${stale.Description.Hostname}, ${stale.Status.State})`);
    await docker(['node', 'rm', '--force', stale.ID], { host: dockerHostOf(MANAGER), step: 'remove stale swarm node', signal });
    changed = true;
  }
  await waitForNodesReady(NODE_NAMES, signal);
  return changed;
}

/** Waits until the manager lists each of `names` as Ready (by hostname). */
export async function waitForNodesReady(names: readonly SwarmNodeName[], signal: AbortSignal | undefined, timeoutMs = 90_000): Promise<void> {
  await waitForNodeStates(names, 'ready', signal, timeoutMs);
}

/** Waits until the manager lists each of `names` in `state` ('ready' or 'down'). */
export async function waitForNodeStates(
  names: readonly SwarmNodeName[],
  state: 'ready' | 'down',
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<void> {
  let last = '';
  await retry(
    async () => {
      const nodes = await listSwarmNodes(signal);
      last = nodes.map((n) => `${n.Description.Hostname}=${n.Status.State}`).join(', ');
      const pending = names.filter((name) => !nodes.some((n) => n.Description.Hostname === name && n.Status.State === state));
      if (pending.length > 0) throw new Error(`${pending.join(', ')} not ${state}`);
    },
    { timeoutMs, intervalMs: 500, signal, onGiveUp: (error) => error as Error },
  ).catch((error: Error) => {
    if (error.name === 'InterruptedError') throw error;
    throw new LabError(
      `wait for swarm nodes ${state}`,
      `${error.message} after ${timeoutMs / 1000} s (manager lists: ${last || 'nothing'})`,
      `\`docker -H ${dockerHostOf(MANAGER)} node ls\`; a node's engine log: \`docker logs rocketctl-swarm-node-N\``,
    );
  });
}

async function leave(name: SwarmNodeName, signal: AbortSignal | undefined): Promise<void> {
  const result = await dockerResult(['swarm', 'leave', '--force'], { host: dockerHostOf(name), step: `swarm leave ${name}`, signal, timeoutMs: 60_000 });
  if (!result.ok && !/not part of a swarm/i.test(result.reason)) {
    throw new LabError(`swarm leave ${name}`, result.reason, `\`docker logs rocketctl-swarm-${name}\``);
  }
}

function describe(info: SwarmInfo): string {
  const role = info.ControlAvailable ? 'manager' : 'worker';
  return info.LocalNodeState === 'inactive' ? 'in no swarm' : `${info.LocalNodeState} ${role} at ${info.NodeAddr}${info.Error ? `, ${info.Error}` : ''}`;
}
