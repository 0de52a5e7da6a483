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

export interface ServiceStatus {
  name: ServiceName;
  state: ServiceState;
  ready: boolean;
  container: string | null;
  image: string | null;
  /** Endpoint name → host:port as reachable from the host (from the engine, never guessed). */
  endpoints: Record<string, string>;
  detail: string;
}

const PROBE_TIMEOUT_MS = 8_000;

/** `rocketctl status`: live state of every enabled service, from container labels and live probes. */
export async function status(context: CommandContext): Promise<{ ok: boolean; services: ServiceStatus[] }> {
  const { config, signal } = context;
  const secrets = await ensureSecrets(config.stateDir, { env: context.env, log: context.log });
  const caPem = await readFile(caCertFile(config), 'utf8').catch(() => null);
  const engine = await connectEngine();
  // Without the CA no TLS probe can be trusted: specs still give names and ports.
  const specs = buildSpecs({ config, secrets, caPem: caPem ?? '' });
  const services = await Promise.all(specs.map((spec) => statusOf(engine, spec, config.project, caPem !== null, signal)));
  return { ok: services.every((s) => s.ready), services };
}

async function statusOf(engine: Docker, spec: ServiceSpec, project: string, canProbe: boolean, signal: AbortSignal): Promise<ServiceStatus> {
  const name = containerName(project, spec.name);
  const container = engine.getContainer(name);
  const info = await container.inspect().catch(() => null);
  if (!info || info.Config.Labels?.[LABEL.project] !== project) {
    return { name: spec.name, state: 'missing', ready: false, container: null, image: null, endpoints: {}, detail: 'no container (run rocketctl up)' };
  }
  const base = { name: spec.name, container: name, image: info.Config.Image, endpoints: publishedEndpoints(spec, info) };
  if (!info.State.Running) {
    return { ...base, state: 'stopped', ready: false, endpoints: {}, detail: `${info.State.Status}, exit code ${info.State.ExitCode}` };
  }
  if (!canProbe) return { ...base, state: 'unhealthy', ready: false, detail: 'CA certificate missing: run rocketctl certs gen' };
  try {
    const detail = await withTimeout(spec.readiness.check(createProbeTarget(container, spec, info, signal)), PROBE_TIMEOUT_MS, () => new Error(`probe timed out after ${PROBE_TIMEOUT_MS / 1000} s`));
    return { ...base, state: 'running', ready: true, detail: detail ?? spec.readiness.description };
  } catch (error) {
    return { ...base, state: 'unhealthy', ready: false, detail: (error as Error).message.split('\n')[0]! };
  }
}
