import type { ResolvedEngine } from './engine-config.js';
import type { ServiceName } from '../services/descriptors.js';

/**
 * The host this machine reaches a service's published ports at, as far as the config knows it: the bind
 * address on one host; on a Swarm, the configured address of the node the service is pinned to (null when
 * only the engine can tell, from the node its task runs on).
 */
export function configuredHostFor(config: { bindAddress: string; engine: ResolvedEngine }, service: ServiceName): string | null {
  if (config.engine.kind === 'docker') return config.bindAddress;
  const node = config.engine.placement[service]?.node;
  return node ? (config.engine.nodes[node]?.address ?? null) : null;
}
