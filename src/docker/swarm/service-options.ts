import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { ResolvedPlacement } from '../../config/engine-config.js';
import type { ServiceSpec } from '../../services/spec.js';
import { containerEnv, startCommand, type ImageStart } from '../create-options.js';
import { LABEL, containerName, networkName, volumeName } from '../labels.js';
import { engineHealthCheck } from '../health-check.js';

/** A file of the spec as the Swarm object (secret or config) that carries it into the task's container. */
export interface SwarmFileRef {
  kind: 'secret' | 'config';
  id: string;
  name: string;
  path: string;
  mode: number;
}

/** Seconds a task gets to stop before it is killed (Kafka deregistering, Postgres's fast shutdown). */
const STOP_GRACE_NS = 20e9;

/**
 * The Swarm service for one spec: one replica pinned by placement constraints, files as Swarm secrets and
 * configs (never env), its named volume local to the node it is pinned to, DNS round-robin endpoints
 * (virtual IPs need IPVS, missing on some kernels) and host-mode published ports. Pure, so its hash says
 * whether the running service is current.
 */
export function serviceOptions(
  spec: ServiceSpec,
  stack: { project: string },
  image: ImageStart,
  files: readonly SwarmFileRef[],
  placement: ResolvedPlacement,
): Docker.CreateServiceOptions {
  const { Entrypoint, Cmd } = startCommand(spec, image);
  const owner = { UID: String(spec.fileOwner.uid), GID: String(spec.fileOwner.gid) };
  const file = (ref: SwarmFileRef) => ({ Name: ref.path, ...owner, Mode: ref.mode });
  return {
    Name: containerName(stack.project, spec.name),
    Labels: { [LABEL.project]: stack.project, [LABEL.service]: spec.name },
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Hostname: spec.hostname,
        // Swarm's Command replaces the image's entrypoint and Args its command, as Entrypoint/Cmd do for a container.
        ...(Entrypoint ? { Command: Entrypoint as string[] } : {}),
        ...(Cmd ? { Args: Cmd as string[] } : {}),
        ...(spec.user ? { User: spec.user } : {}),
        Env: containerEnv(spec),
        Labels: { [LABEL.project]: stack.project, [LABEL.service]: spec.name },
        Mounts: spec.dataDir
          ? [
              {
                Type: 'volume',
                Source: volumeName(stack.project, spec.name),
                Target: spec.dataDir,
                VolumeOptions: { Labels: { [LABEL.project]: stack.project, [LABEL.service]: spec.name } },
              },
            ]
          : [],
        Secrets: files.filter((ref) => ref.kind === 'secret').map((ref) => ({ SecretID: ref.id, SecretName: ref.name, File: file(ref) })),
        Configs: files.filter((ref) => ref.kind === 'config').map((ref) => ({ ConfigID: ref.id, ConfigName: ref.name, File: file(ref) })),
        StopGracePeriod: STOP_GRACE_NS,
        ...(spec.healthcheck ? { HealthCheck: engineHealthCheck(spec.healthcheck) } : {}),
        ...(spec.init ? { Init: true } : {}),
      },
      Placement: { Constraints: placementConstraints(placement) },
      Networks: [{ Target: networkName(stack.project), Aliases: [spec.hostname] }],
      RestartPolicy: { Condition: 'any', Delay: 5e9 },
    },
    Mode: { Replicated: { Replicas: 1 } },
    // One replica with a local volume: the old task must stop before the new one starts.
    UpdateConfig: { Parallelism: 1, Order: 'stop-first', FailureAction: 'pause' },
    EndpointSpec: {
      Mode: 'dnsrr',
      Ports: spec.ports
        .filter((port) => port.hostPort !== null)
        .map((port) => ({ Protocol: 'tcp', TargetPort: port.containerPort, PublishedPort: port.hostPort!, PublishMode: 'host' })),
    },
  } as unknown as Docker.CreateServiceOptions; // dockerode's typings require every optional field of VolumeOptions
}

export function placementConstraints(placement: ResolvedPlacement): string[] {
  return [
    ...(placement.node ? [`node.hostname==${placement.node}`] : []),
    ...Object.entries(placement.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `node.labels.${key}==${value}`),
  ];
}

export function serviceHash(options: Docker.CreateServiceOptions): string {
  return createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 24);
}
