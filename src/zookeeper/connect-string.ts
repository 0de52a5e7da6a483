import { SERVICE_NAMES } from '../services/descriptors.js';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../shared/errors.js';
import { formatHostPort } from '../shared/host-port.js';

/**
 * Every enabled ZooKeeper node with a published client port, as `host:port` joined by commas: the
 * client tries them in turn, so one node down still works as long as the ensemble has quorum.
 */
export function zookeeperConnectString(config: ResolvedConfig): string {
  const endpoints = SERVICE_NAMES.filter((name) => name.startsWith('zookeeper-'))
    .map((name) => config.services[name])
    .filter((service) => service.enabled && typeof service.ports.client === 'number')
    .map((service) => formatHostPort(config.bindAddress, service.ports.client!));
  if (endpoints.length === 0) {
    throw new UsageError('no ZooKeeper node publishes a client port', 'set services["zookeeper-1"].ports.client (default 2181) in the config file');
  }
  return endpoints.join(',');
}
