import { serviceDescriptor, type ServiceName } from '../services/descriptors.js';
import type { ResolvedConfig } from './types.js';

/**
 * Where this rocketctl reaches a service's endpoint: on the host, the published port on the bind address (a wildcard
 * bind through loopback); inside the stack (the workers member), the service's host name and container port on the
 * project network. Null when the host cannot reach it (not published). The one place that decides.
 */
export function reachEndpoint(config: ResolvedConfig, service: ServiceName, endpoint: string): { host: string; port: number } | null {
  const resolved = config.services[service];
  if (config.runsIn === 'stack') {
    const descriptor = serviceDescriptor(service);
    const port = descriptor.networkEndpoints?.[endpoint] ?? descriptor.endpoints[endpoint];
    return port === undefined ? null : { host: resolved.hostname, port };
  }
  const port = resolved.ports[endpoint];
  if (typeof port !== 'number') return null;
  return { host: ['0.0.0.0', '::'].includes(config.bindAddress) ? (config.bindAddress === '::' ? '::1' : '127.0.0.1') : config.bindAddress, port };
}
