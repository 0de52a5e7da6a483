import type Docker from 'dockerode';
import type { ProbeTarget, ServiceSpec } from '../services/spec.js';
import { execIn } from './container-io.js';

/** The host-side address of each published endpoint, read from the engine (never guessed from config). */
export function publishedEndpoints(spec: Pick<ServiceSpec, 'ports'>, info: Docker.ContainerInspectInfo): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const port of spec.ports) {
    const binding = info.NetworkSettings.Ports?.[`${port.containerPort}/tcp`]?.[0];
    if (!binding) continue;
    const host = binding.HostIp === '0.0.0.0' || binding.HostIp === '' ? '127.0.0.1' : binding.HostIp === '::' ? '::1' : binding.HostIp;
    endpoints[port.endpoint] = `${host.includes(':') ? `[${host}]` : host}:${binding.HostPort}`;
  }
  return endpoints;
}

/** `127.0.0.1:29093` or `[::1]:29093` → host and port. */
export function parseEndpoint(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}

export function createProbeTarget(container: Docker.Container, spec: ServiceSpec, info: Docker.ContainerInspectInfo, signal: AbortSignal): ProbeTarget {
  const endpoints = publishedEndpoints(spec, info);
  return {
    signal,
    hostEndpoint(endpoint) {
      const address = endpoints[endpoint];
      return address ? parseEndpoint(address) : undefined;
    },
    exec: (command) => execIn(container, command),
  };
}
