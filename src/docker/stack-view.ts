import type { MemberName } from '../workers/descriptors.js';
import type { ProbeTarget, ServiceSpec } from '../services/spec.js';
import type { Engine } from './engine.js';
import { inspectOrNull } from './ensure-container.js';
import { LABEL, containerName } from './labels.js';
import { createProbeTarget, publishedEndpoints } from './probe-target.js';

/** Where a service's container is and what state the engine reports, without any protocol probe. */
export interface ServiceContainer {
  name: MemberName;
  state: 'running' | 'stopped' | 'missing';
  container: string | null;
  image: string | null;
  /** Endpoint name → host:port as reachable from the host (from the engine, never guessed). */
  endpoints: Record<string, string>;
  detail: string;
  /** On a Swarm: the node the service's task runs on (or is pinned to). */
  node?: string;
}

export interface StackEntry {
  spec: ServiceSpec;
  view: ServiceContainer;
  /** For a running container: what its readiness check needs (host endpoints, exec). */
  probeTarget(signal: AbortSignal): ProbeTarget | null;
}

/** Every spec's container, found by name and checked by label: read-only. */
export function inspectStack(engine: Engine, project: string, specs: readonly ServiceSpec[]): Promise<StackEntry[]> {
  return Promise.all(specs.map((spec) => inspectOne(engine, project, spec)));
}

async function inspectOne(engine: Engine, project: string, spec: ServiceSpec): Promise<StackEntry> {
  const name = containerName(project, spec.name);
  const container = engine.docker.getContainer(name);
  const info = await inspectOrNull(engine, container);
  if (!info || info.Config.Labels?.[LABEL.project] !== project) {
    return {
      spec,
      view: { name: spec.name, state: 'missing', container: null, image: null, endpoints: {}, detail: 'no container (run rocketctl up)' },
      probeTarget: () => null,
    };
  }
  const base = { name: spec.name, container: name, image: info.Config.Image };
  if (!info.State.Running) {
    return {
      spec,
      view: { ...base, state: 'stopped', endpoints: {}, detail: `${info.State.Status}, exit code ${info.State.ExitCode}` },
      probeTarget: () => null,
    };
  }
  return {
    spec,
    view: { ...base, state: 'running', endpoints: publishedEndpoints(spec.ports, info), detail: 'running' },
    probeTarget: (signal) => createProbeTarget(engine, container, spec, info, signal),
  };
}

/** Whether a service's container is running now. */
export async function isServiceRunning(engine: Engine, project: string, service: MemberName): Promise<boolean> {
  const info = await inspectOrNull(engine, engine.docker.getContainer(containerName(project, service)));
  return info?.State.Running ?? false;
}
