import type Docker from 'dockerode';
import { withDeadline, formatSeconds } from '../shared/deadline.js';
import { InterruptedError, OperationError, RocketError } from '../shared/errors.js';
import { connectEngine, type Engine } from './engine.js';
import { imageExists } from './ensure-image.js';
import { LABEL } from './labels.js';

/** `doctor` looks, it never waits: each engine call gets this, the whole look twice that. */
export const ENGINE_FACTS_CALL_MS = 4_000;

/** A host port some container (or Swarm service) publishes, and whose it is by label. */
export interface PortPublisher {
  port: number;
  /** Container name, or `service <name>` on a Swarm. */
  name: string;
  project: string | null;
  service: string | null;
}

export interface EngineFacts {
  host: string;
  version: string;
  apiVersion: string;
  /** `docker info` DockerRootDir: where images, containers and volumes live (on the engine's machine). */
  rootDir: string;
  /** `docker info` SystemTime: the engine's clock, which is every container's clock. */
  systemTime: string;
  /** This host's clock halfway through the `info` call, and how long the call took (the skew's uncertainty). */
  hostTimeMs: number;
  roundTripMs: number;
  swarm: boolean;
  publishers: PortPublisher[];
  /** Each image asked about: present on this engine or not (null: the engine did not say). */
  images: Record<string, boolean | null>;
}

export type EngineLook = ({ reachable: true } & EngineFacts) | { reachable: false; host: string; reason: string; fix?: string };

/**
 * What `doctor` needs from the engine at DOCKER_HOST (or the default socket), in one short look: version, info
 * (data root, clock, swarm), the host ports containers publish, and whether the given images are present. Nothing
 * is pulled, started or changed. An engine that does not answer is a finding, not an error; Ctrl-C is thrown.
 */
export async function lookAtEngine(signal: AbortSignal, env: NodeJS.ProcessEnv, images: readonly string[]): Promise<EngineLook> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const budgetMs = 2 * ENGINE_FACTS_CALL_MS + 2_000;
  try {
    return await withDeadline(async (deadline) => ({ reachable: true as const, ...(await gather(await connectEngine(deadline, env), images)) }), {
      timeoutMs: budgetMs,
      signal,
      onTimeout: () =>
        new OperationError(`the Docker engine at ${host} did not answer within ${formatSeconds(budgetMs)}`, 'check that dockerd is healthy (`docker info`)'),
    });
  } catch (error) {
    if (error instanceof InterruptedError && signal.aborted) throw error;
    const hint = error instanceof RocketError ? error.hint : undefined;
    return { reachable: false, host, reason: (error as Error).message, ...(hint ? { fix: hint } : {}) };
  }
}

interface InfoAnswer {
  DockerRootDir?: string;
  SystemTime?: string;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
}

async function gather(engine: Engine, images: readonly string[]): Promise<EngineFacts> {
  const call = <T>(what: string, work: (abortSignal: AbortSignal) => Promise<T>) => engine.call(what, work, ENGINE_FACTS_CALL_MS);
  // dockerode takes abortSignal on version() and info() too; its typings miss it (see engine.ts).
  const version = (await call('version', (abortSignal) =>
    (engine.docker.version as (options: object) => Promise<Docker.DockerVersion>).call(engine.docker, { abortSignal }),
  )) as Docker.DockerVersion;
  const before = Date.now();
  const info = (await call('info', (abortSignal) =>
    (engine.docker.info as (options: object) => Promise<unknown>).call(engine.docker, { abortSignal }),
  )) as InfoAnswer;
  const after = Date.now();
  const swarm = info.Swarm?.LocalNodeState === 'active';
  const [publishers, presence] = await Promise.all([publishedPorts(engine, swarm && info.Swarm?.ControlAvailable === true), imagePresence(engine, images)]);
  return {
    host: engine.where,
    version: version.Version,
    apiVersion: version.ApiVersion,
    rootDir: info.DockerRootDir ?? '',
    systemTime: info.SystemTime ?? '',
    hostTimeMs: (before + after) / 2,
    roundTripMs: after - before,
    swarm,
    publishers,
    images: presence,
  };
}

/** Every host port a running container publishes (and, on a Swarm manager, every service), with its labels. */
async function publishedPorts(engine: Engine, manager: boolean): Promise<PortPublisher[]> {
  const containers = await engine.call('list containers', (abortSignal) => engine.docker.listContainers({ abortSignal }), ENGINE_FACTS_CALL_MS);
  const publishers = containers.flatMap((c) =>
    c.Ports.filter((p) => p.PublicPort).map((p) => ({
      port: p.PublicPort,
      name: c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12),
      project: c.Labels[LABEL.project] ?? null,
      service: c.Labels[LABEL.service] ?? null,
    })),
  );
  if (!manager) return publishers;
  const services = await engine.call('list services', (abortSignal) => engine.docker.listServices({ abortSignal } as object), ENGINE_FACTS_CALL_MS);
  for (const s of services) {
    for (const p of s.Endpoint?.Ports ?? []) {
      if (!p.PublishedPort) continue;
      const labels = s.Spec?.Labels ?? {};
      publishers.push({
        port: p.PublishedPort,
        name: `service ${s.Spec?.Name ?? s.ID}`,
        project: labels[LABEL.project] ?? null,
        service: labels[LABEL.service] ?? null,
      });
    }
  }
  return publishers;
}

async function imagePresence(engine: Engine, images: readonly string[]): Promise<Record<string, boolean | null>> {
  const answers = await Promise.all(images.map((image) => imageExists(engine, image).catch(() => null)));
  return Object.fromEntries(images.map((image, i) => [image, answers[i]!]));
}
