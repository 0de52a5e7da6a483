import type Docker from 'dockerode';
import type { PublishedPort, ProbeTarget, ServiceSpec } from '../services/spec.js';
import { formatHostPort, parseHostPort } from '../shared/host-port.js';
import { execIn } from './container-io.js';
import type { Engine } from './engine.js';

/** The host-side address of each published endpoint, read from the engine (never guessed from config). */
export function publishedEndpoints(ports: readonly PublishedPort[], info: Pick<Docker.ContainerInspectInfo, 'NetworkSettings'>): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const port of ports) {
    const binding = info.NetworkSettings.Ports?.[`${port.containerPort}/tcp`]?.[0];
    if (!binding) continue;
    // A wildcard binding is reached from this host through loopback.
    const host = binding.HostIp === '0.0.0.0' || binding.HostIp === '' ? '127.0.0.1' : binding.HostIp === '::' ? '::1' : binding.HostIp;
    endpoints[port.endpoint] = formatHostPort(host, binding.HostPort);
  }
  return endpoints;
}

export function createProbeTarget(
  engine: Engine,
  container: Docker.Container,
  spec: ServiceSpec,
  info: Docker.ContainerInspectInfo,
  signal: AbortSignal,
): ProbeTarget {
  const endpoints = publishedEndpoints(spec.ports, info);
  return {
    signal,
    hostEndpoint(endpoint) {
      const address = endpoints[endpoint];
      return address ? parseHostPort(address) : undefined;
    },
    exec: (command) => execIn(engine, container, command),
  };
}
