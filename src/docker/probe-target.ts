import type Docker from 'dockerode';
import type { PublishedPort, ProbeTarget, ServiceSpec } from '../services/spec.js';
import { execIn } from './container-io.js';
import type { Engine } from './engine.js';

/** `host:port`, with an IPv6 host in brackets. */
export const formatHostPort = (host: string, port: number | string): string => `${host.includes(':') ? `[${host}]` : host}:${port}`;

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

/** `127.0.0.1:29093` or `[::1]:29093` → host and port. */
export function parseEndpoint(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}

export function createProbeTarget(engine: Engine, container: Docker.Container, spec: ServiceSpec, info: Docker.ContainerInspectInfo, signal: AbortSignal): ProbeTarget {
  const endpoints = publishedEndpoints(spec.ports, info);
  return {
    signal,
    hostEndpoint(endpoint) {
      const address = endpoints[endpoint];
      return address ? parseEndpoint(address) : undefined;
    },
    exec: (command) => execIn(engine, container, command),
  };
}
