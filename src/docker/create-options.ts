import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { ServiceSpec } from '../services/spec.js';
import { LABEL, containerName, networkName, volumeName } from './labels.js';

export interface StackContext {
  project: string;
  bindAddress: string;
}

/** The engine's create options for a spec: a pure function, so its hash says whether a container is current. */
export function createOptions(spec: ServiceSpec, stack: StackContext): Docker.ContainerCreateOptions {
  const network = networkName(stack.project);
  const exposed = Object.fromEntries(spec.ports.map((p) => [`${p.containerPort}/tcp`, {}]));
  const bindings = Object.fromEntries(
    spec.ports.filter((p) => p.hostPort !== null).map((p) => [`${p.containerPort}/tcp`, [{ HostIp: stack.bindAddress, HostPort: String(p.hostPort) }]]),
  );
  return {
    name: containerName(stack.project, spec.name),
    Image: spec.image,
    Hostname: spec.hostname,
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`).sort(),
    ExposedPorts: exposed,
    Labels: { [LABEL.project]: stack.project, [LABEL.service]: spec.name },
    HostConfig: {
      NetworkMode: network,
      PortBindings: bindings,
      Mounts: spec.dataDir ? [{ Type: 'volume', Source: volumeName(stack.project, spec.name), Target: spec.dataDir }] : [],
      // Survives engine restarts, yet a container an operator stopped stays stopped.
      RestartPolicy: { Name: 'unless-stopped' },
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.hostname] } } },
  };
}

/** Hash of everything that defines the container, copied files included (a re-issued cert recreates it). */
export function specHash(options: Docker.ContainerCreateOptions, spec: ServiceSpec): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  for (const file of [...spec.files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`\0${file.path}\0${file.mode}\0`).update(file.content);
  }
  hash.update(`\0owner ${spec.fileOwner.uid}:${spec.fileOwner.gid}`);
  return hash.digest('hex').slice(0, 24);
}
