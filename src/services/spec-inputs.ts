import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import type { Secrets } from '../secrets/secrets.js';
import { renderTemplate } from '../shared/render-template.js';
import type { ProbeTarget, PublishedPort, SpecFile } from './spec.js';
import { serviceDescriptor } from './descriptors.js';

/** What every service module builds its spec from; read-only. */
export interface SpecInputs {
  config: ResolvedConfig;
  secrets: Secrets;
  /** The project CA (PEM), trusted by every readiness probe; read by the caller, so building reads no file. */
  caPem: string;
}

const SECRET_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;

/** Copies of files from certs/<folder>/ into the container's certs dir, read at create time; keys and stores stay 0600. */
export function certFiles(inputs: SpecInputs, service: ResolvedService, names: string[]): SpecFile[] {
  return names.map((name) => {
    const hostFile = path.join(inputs.config.certsDir, service.name, name);
    return {
      path: `${service.profile.certsDir}/${name}`,
      mode: /\.(key|jks|p12)$|privkey/.test(name) ? SECRET_FILE_MODE : PUBLIC_FILE_MODE,
      source: path.relative(inputs.config.root, hostFile),
      read: () => readFile(hostFile),
    };
  });
}

type TemplateValues = Record<string, string | number>;

/**
 * A config file rendered from templates/<template> when the container is created. Values given as a function are
 * worked out only then (a costly hash, a secret a read-only command need not have).
 */
export function configFile(
  service: ResolvedService,
  name: string,
  template: string,
  values: TemplateValues | (() => TemplateValues),
  holdsSecrets: boolean,
): SpecFile {
  return {
    path: `${service.profile.configDir}/${name}`,
    mode: holdsSecrets ? SECRET_FILE_MODE : PUBLIC_FILE_MODE,
    source: `template ${template}`,
    read: () => renderTemplate(template, typeof values === 'function' ? values() : values),
  };
}

/** A secret as a 0600 file in the config dir (owned by the service user), for images that read `*_FILE`. */
export function secretFile(service: ResolvedService, name: string, secretName: string, value: string): SpecFile {
  return { path: `${service.profile.configDir}/${name}`, mode: SECRET_FILE_MODE, source: `secret ${secretName}`, read: async () => value };
}

/** The service's container ports (from its module) joined with the host ports the config publishes them on. */
export function portsFor(service: ResolvedService): PublishedPort[] {
  return Object.entries(serviceDescriptor(service.name).endpoints).map(([endpoint, containerPort]) => ({
    endpoint,
    containerPort,
    hostPort: service.ports[endpoint] ?? null,
  }));
}

export function fileOwner(service: ResolvedService): { uid: number; gid: number } {
  const [uid, gid] = service.profile.fileOwner.split(':').map(Number);
  return { uid: uid!, gid: gid! };
}

/** The parts of a spec that come straight from the resolved service config and its module. */
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
    ports: portsFor(service),
    dependsOn: [...serviceDescriptor(service.name).dependsOn] as ServiceSpecName[],
  };
}

type ServiceSpecName = ResolvedService['name'];

/**
 * Runs a host-side probe against a published endpoint. An endpoint the config does not publish cannot be
 * probed from the host: the service then counts as ready once its container runs (said in the detail).
 */
export async function probeFromHost(
  target: ProbeTarget,
  endpoint: string,
  probe: (address: { host: string; port: number }) => Promise<string>,
): Promise<string> {
  const address = target.hostEndpoint(endpoint);
  if (!address) return `running (${endpoint} not published: not probed from the host)`;
  return probe(address);
}
