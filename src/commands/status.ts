import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { ServiceName } from '../config/service-names.js';
import { connectEngine } from '../docker/engine.js';
import { LABEL, containerName } from '../docker/labels.js';
import { createProbeTarget, publishedEndpoints } from '../docker/probe-target.js';
import { ensureSecrets } from '../secrets/secrets.js';
import { buildSpecs } from '../services/build-specs.js';
import type { ServiceSpec } from '../services/spec.js';
import { withTimeout } from '../shared/sleep.js';
import { caCertFile } from '../tls/material-plan.js';
import type { CommandContext } from './context.js';

export type ServiceState = 'running' | 'stopped' | 'missing' | 'unhealthy';

/** Where a service's container is and what state the engine reports, without any protocol probe. */
export interface ServiceContainer {
  name: ServiceName;
  state: Exclude<ServiceState, 'unhealthy'>;
  container: string | null;
  image: string | null;
  /** Endpoint name → host:port as reachable from the host (from the engine, never guessed). */
  endpoints: Record<string, string>;
  detail: string;
}

export interface ServiceStatus extends Omit<ServiceContainer, 'state'> {
  state: ServiceState;
  ready: boolean;
}

const PROBE_TIMEOUT_MS = 8_000;

/** `rocketctl status`: live state of every enabled service, from container labels and live probes. */
export async function status(context: CommandContext): Promise<{ ok: boolean; services: ServiceStatus[] }> {
  const { caPem, found } = await inspectServices(context);
  const services = await Promise.all(found.map((entry) => probe(entry, caPem, context.signal)));
  return { ok: services.every((s) => s.ready), services };
}

/** The containers of every enabled service, by label, without probing them (for commands that only need where). */
export async function serviceContainers(context: CommandContext): Promise<ServiceContainer[]> {
  return (await inspectServices(context)).found.map((entry) => entry.view);
}

interface Inspected {
  spec: ServiceSpec;
  container: Docker.Container;
  info: Docker.ContainerInspectInfo | null;
  view: ServiceContainer;
}

async function inspectServices(context: CommandContext): Promise<{ caPem: string | null; found: Inspected[] }> {
  const { config } = context;
  const secrets = await ensureSecrets(config.stateDir, { env: context.env, log: context.log });
  const caPem = await readFile(caCertFile(config), 'utf8').catch(() => null);
  const engine = await connectEngine();
  // Without the CA no TLS probe can be trusted: specs still give names and ports.
  const specs = buildSpecs({ config, secrets, caPem: caPem ?? '' });
  return { caPem, found: await Promise.all(specs.map((spec) => inspectOne(engine, spec, config.project))) };
}

async function inspectOne(engine: Docker, spec: ServiceSpec, project: string): Promise<Inspected> {
  const name = containerName(project, spec.name);
  const container = engine.getContainer(name);
  const info = await container.inspect().catch(() => null);
  if (!info || info.Config.Labels?.[LABEL.project] !== project) {
    return { spec, container, info: null, view: { name: spec.name, state: 'missing', container: null, image: null, endpoints: {}, detail: 'no container (run rocketctl up)' } };
  }
  const base = { name: spec.name, container: name, image: info.Config.Image };
  const view: ServiceContainer = info.State.Running
    ? { ...base, state: 'running', endpoints: publishedEndpoints(spec, info), detail: 'running' }
    : { ...base, state: 'stopped', endpoints: {}, detail: `${info.State.Status}, exit code ${info.State.ExitCode}` };
  return { spec, container, info, view };
}

async function probe({ spec, container, info, view }: Inspected, caPem: string | null, signal: AbortSignal): Promise<ServiceStatus> {
  if (view.state !== 'running' || !info) return { ...view, ready: false };
  if (caPem === null) return { ...view, state: 'unhealthy', ready: false, detail: 'CA certificate missing: run rocketctl certs gen' };
  try {
    const detail = await withTimeout(spec.readiness.check(createProbeTarget(container, spec, info, signal)), PROBE_TIMEOUT_MS, () => new Error(`probe timed out after ${PROBE_TIMEOUT_MS / 1000} s`));
    return { ...view, ready: true, detail: detail ?? spec.readiness.description };
  } catch (error) {
    return { ...view, state: 'unhealthy', ready: false, detail: (error as Error).message.split('\n')[0]! };
  }
}
