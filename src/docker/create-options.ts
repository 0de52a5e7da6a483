import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { ServiceSpec } from '../services/spec.js';
import type { MaterializedFile } from './spec-files.js';
import { engineHealthCheck } from './health-check.js';
import { LABEL, containerName, networkName, volumeName } from './labels.js';

export interface StackContext {
  project: string;
  bindAddress: string;
}

/** The image's own start command, needed to wrap it (see waitForHosts). */
export interface ImageStart {
  entrypoint: string[];
  cmd: string[];
}

/** The engine's create options for a spec: a pure function, so its hash says whether a container is current. */
export function createOptions(spec: ServiceSpec, stack: StackContext, image: ImageStart): Docker.ContainerCreateOptions {
  const network = networkName(stack.project);
  const exposed = Object.fromEntries(spec.ports.map((p) => [`${p.containerPort}/tcp`, {}]));
  const bindings = Object.fromEntries(
    spec.ports.filter((p) => p.hostPort !== null).map((p) => [`${p.containerPort}/tcp`, [{ HostIp: stack.bindAddress, HostPort: String(p.hostPort) }]]),
  );
  return {
    name: containerName(stack.project, spec.name),
    Image: spec.image,
    Hostname: spec.hostname,
    ...startCommand(spec, image),
    ...(spec.user ? { User: spec.user } : {}),
    Env: containerEnv(spec),
    ExposedPorts: exposed,
    Labels: { [LABEL.project]: stack.project, [LABEL.service]: spec.name },
    ...(spec.healthcheck ? { Healthcheck: engineHealthCheck(spec.healthcheck) } : {}),
    HostConfig: {
      NetworkMode: network,
      PortBindings: bindings,
      Mounts: spec.dataDir ? [{ Type: 'volume', Source: volumeName(stack.project, spec.name), Target: spec.dataDir }] : [],
      // Survives engine restarts, yet a container an operator stopped stays stopped.
      RestartPolicy: { Name: 'unless-stopped' },
      ...(spec.init ? { Init: true } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.hostname] } } },
  };
}

/** The container's environment, sorted (so the spec hash does not depend on key order). */
export function containerEnv(spec: ServiceSpec): string[] {
  return Object.entries({ ...spec.env, ...(spec.waitForHosts?.length ? { ROCKETCTL_WAIT_FOR_HOSTS: spec.waitForHosts.join(' ') } : {}) })
    .map(([key, value]) => `${key}=${value}`)
    .sort();
}

const WAIT_FOR_HOSTS = 'for host in $ROCKETCTL_WAIT_FOR_HOSTS; do until getent hosts "$host" >/dev/null 2>&1; do sleep 0.2; done; done; exec "$@"';

/** Entrypoint and command; with waitForHosts, the image's own entrypoint runs behind a resolve-wait. */
export function startCommand(spec: ServiceSpec, image: ImageStart): Pick<Docker.ContainerCreateOptions, 'Entrypoint' | 'Cmd'> {
  if (!spec.waitForHosts?.length) return { ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}), ...(spec.command ? { Cmd: spec.command } : {}) };
  // `sh -c SCRIPT NAME ARGS…`: NAME becomes $0, ARGS the "$@" that is exec'd once every host resolves.
  return {
    Entrypoint: ['sh', '-c', WAIT_FOR_HOSTS],
    Cmd: ['rocketctl-wait-for-hosts', ...(spec.entrypoint ?? image.entrypoint), ...(spec.command ?? image.cmd)],
  };
}

/** Hash of everything that defines the container, copied files included (a re-issued cert recreates it). */
export function specHash(options: Docker.ContainerCreateOptions, files: readonly MaterializedFile[], owner: ServiceSpec['fileOwner']): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`\0${file.path}\0${file.mode}\0`).update(file.content);
  }
  hash.update(`\0owner ${owner.uid}:${owner.gid}`);
  return hash.digest('hex').slice(0, 24);
}
