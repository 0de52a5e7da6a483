/** The lab's fixed names: one swarm lab per machine, found again by name on every run. */
export const NODE_NAMES = ['node-1', 'node-2', 'node-3'] as const;
export type SwarmNodeName = (typeof NODE_NAMES)[number];

/** node-1 is the swarm's only manager (see swarm-formation.ts for why). */
export const MANAGER: SwarmNodeName = 'node-1';
export const SWARM_NETWORK = 'rocketctl-swarm-lab';
/** What the lab labels (containers, volumes, network), so teardown and leftovers are found by label. */
export const SWARM_LAB_LABEL = 'org.rocketctl.swarm-lab';
/** A hash of everything a node container was created with: a different one means recreate it. */
export const NODE_CONFIG_LABEL = 'org.rocketctl.swarm-lab.config';
/** Each node's engine API, published on the host's loopback only: node-1 → 23751, node-2 → 23752, … */
const API_PORT_BASE = 23750;
export const NODE_API_PORT = 2375;

export const containerNameOf = (name: SwarmNodeName) => `rocketctl-swarm-${name}`;
/** The node's /var/lib/docker: loaded images and swarm state survive a recreated container. */
export const dataVolumeOf = (name: SwarmNodeName) => `rocketctl-swarm-${name}-docker`;
export const apiPortOf = (name: SwarmNodeName) => API_PORT_BASE + NODE_NAMES.indexOf(name) + 1;
export const dockerHostOf = (name: SwarmNodeName) => `tcp://127.0.0.1:${apiPortOf(name)}`;
