import { ZOOKEEPER_PEERS } from '../services/zookeeper/peers.js';
import type { ResolvedConfig } from './types.js';
import { swarmProblems } from './swarm-rules.js';

const PUBLIC_ADDRESSES = new Set(['0.0.0.0', '::']);

/** Rules that span fields; each problem is a `dot.path: message` line. */
export function crossFieldProblems(config: ResolvedConfig): string[] {
  return [...portProblems(config), ...exposureProblems(config), ...ensembleProblems(config), ...tlsProblems(config), ...swarmProblems(config)];
}

function portProblems(config: ResolvedConfig): string[] {
  const problems: string[] = [];
  const owners = new Map<number, string>();
  for (const service of Object.values(config.services)) {
    if (!service.enabled) continue;
    for (const [endpoint, hostPort] of Object.entries(service.ports)) {
      if (hostPort === null) continue;
      const where = `services.${service.name}.ports.${endpoint}`;
      const owner = owners.get(hostPort);
      if (owner) problems.push(`${where}: host port ${hostPort} is already used by ${owner}`);
      else owners.set(hostPort, where);
    }
  }
  const telemetryPort = config.workers.telemetry.port;
  const owner = owners.get(telemetryPort);
  if (owner) problems.push(`workers.telemetry.port: host port ${telemetryPort} is already used by ${owner}`);
  return problems;
}

// ZooKeeper's client ports have no authentication and Kafka's credentials live there: publishing them on
// every interface must be a decision, never a default or a typo.
function exposureProblems(config: ResolvedConfig): string[] {
  if (!PUBLIC_ADDRESSES.has(config.bindAddress) || config.allowPublicBind) return [];
  return [
    `bindAddress: ${config.bindAddress} publishes every port (ZooKeeper's unauthenticated ones too) on all interfaces; use 127.0.0.1, or set allowPublicBind: true if a firewall protects this host`,
  ];
}

function ensembleProblems(config: ResolvedConfig): string[] {
  const enabled = ZOOKEEPER_PEERS.filter((name) => config.services[name].enabled);
  if (!config.services.kafka.enabled || enabled.length === ZOOKEEPER_PEERS.length) return [];
  const disabled = ZOOKEEPER_PEERS.filter((name) => !enabled.includes(name));
  return [
    `services.${disabled[0]}.enabled: Kafka needs the whole 3-node ZooKeeper ensemble (disabled: ${disabled.join(', ')}); enable every peer, or disable kafka too`,
  ];
}

function tlsProblems(config: ResolvedConfig): string[] {
  const { tls } = config;
  const problems: string[] = [];
  if (tls.leafValidityDays > tls.caValidityDays) {
    problems.push(`tls.leafValidityDays: ${tls.leafValidityDays} days outlives the CA (tls.caValidityDays: ${tls.caValidityDays})`);
  }
  if (tls.renewWithinDays >= tls.leafValidityDays) {
    problems.push(`tls.renewWithinDays: must be less than tls.leafValidityDays (${tls.leafValidityDays}), or every run re-issues`);
  }
  return problems;
}
