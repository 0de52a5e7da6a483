import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import type { Secrets } from '../secrets/secrets.js';
import type { ProbeTarget, PublishedPort, SpecFile } from './spec.js';

/** What every service module builds its spec from; read-only. */
export interface SpecInputs {
  config: ResolvedConfig;
  secrets: Secrets;
  /** The project CA (PEM), trusted by every readiness probe. */
  caPem: string;
}

const SECRET_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;

/** Copies of files from certs/<folder>/ into the container's certs dir; keys and stores stay 0600. */
export function certFiles(inputs: SpecInputs, service: ResolvedService, folder: string, names: string[]): SpecFile[] {
  return names.map((name) => ({
    path: `${service.profile.certsDir}/${name}`,
    content: readFileSync(path.join(inputs.config.certsDir, folder, name)),
    mode: /\.(key|jks|p12)$|privkey/.test(name) ? SECRET_FILE_MODE : PUBLIC_FILE_MODE,
  }));
}

export function configFile(service: ResolvedService, name: string, content: string, holdsSecrets: boolean): SpecFile {
  return { path: `${service.profile.configDir}/${name}`, content, mode: holdsSecrets ? SECRET_FILE_MODE : PUBLIC_FILE_MODE };
}

/** Container ports by endpoint, joined with the host ports the config publishes them on. */
export function portsFor(service: ResolvedService, containerPorts: Record<string, number>): PublishedPort[] {
  return Object.entries(containerPorts).map(([endpoint, containerPort]) => ({ endpoint, containerPort, hostPort: service.ports[endpoint] ?? null }));
}

export function fileOwner(service: ResolvedService): { uid: number; gid: number } {
  const [uid, gid] = service.profile.fileOwner.split(':').map(Number);
  return { uid: uid!, gid: gid! };
}

/** The parts of a spec that come straight from the resolved service config. */
export function baseSpec(service: ResolvedService) {
  const { profile } = service;
  return {
    name: service.name,
    image: service.image,
    hostname: service.hostname,
    ...(profile.entrypoint ? { entrypoint: profile.entrypoint } : {}),
    ...(profile.command ? { command: profile.command } : {}),
    ...(profile.user ? { user: profile.user } : {}),
    fileOwner: fileOwner(service),
    dataDir: profile.dataDir,
  };
}

export const ZOOKEEPER_NAMES = ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'] as const;

/**
 * Runs a host-side probe against a published endpoint. An endpoint the config does not publish cannot be
 * probed from the host: the service then counts as ready once its container runs (said in the detail).
 */
export async function probeFromHost(target: ProbeTarget, endpoint: string, probe: (address: { host: string; port: number }) => Promise<string>): Promise<string> {
  const address = target.hostEndpoint(endpoint);
  if (!address) return `running (${endpoint} not published: not probed from the host)`;
  return probe(address);
}
