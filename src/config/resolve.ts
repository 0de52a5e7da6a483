import path from 'node:path';
import type { z } from 'zod';
import { SERVICES, type ServiceName } from '../services/descriptors.js';
import type { AnyServiceDescriptor } from '../services/descriptors.js';
import { canonicalHostAddress } from '../shared/host-address.js';
import { DEFAULT_BIND_ADDRESS, DEFAULT_PROJECT, DEFAULT_SCRAM_ITERATIONS, DEFAULT_TLS, DEFAULT_TOPICS, DEFAULT_WORKERS_BASE_IMAGE } from './defaults.js';
import { resolveWorkers } from './workers-section.js';
import { rsaAlgorithmFor } from './key-algorithms.js';
import type { userConfigSchema } from './schema.js';
import type { ResolvedConfig, ResolvedService, ResolvedTls, TopicConfig } from './types.js';
import { resolveEngine, type EngineKind } from './engine-config.js';

type ParsedConfig = z.infer<typeof userConfigSchema>;

/** Defaults filled in, paths made absolute; the result is frozen. */
export function resolveConfig(parsed: ParsedConfig, root: string, configFile: string | null, options: { engine?: EngineKind } = {}): ResolvedConfig {
  const services = Object.fromEntries(SERVICES.map((module) => [module.name, resolveService(module, parsed.services?.[module.name] ?? {})])) as Record<
    ServiceName,
    ResolvedService
  >;
  const stateDir = path.resolve(root, parsed.stateDir ?? '.rocketctl');
  return deepFreeze({
    root,
    configFile,
    project: parsed.project ?? DEFAULT_PROJECT,
    certsDir: path.resolve(root, parsed.certsDir ?? 'certs'),
    stateDir,
    workersDir: path.resolve(root, parsed.workersDir ?? path.join(stateDir, 'workers')),
    runsIn: parsed.runsIn ?? 'host',
    images: { workers: parsed.images?.workers ?? null, workersBase: parsed.images?.workersBase ?? DEFAULT_WORKERS_BASE_IMAGE },
    bindAddress: parsed.bindAddress ?? DEFAULT_BIND_ADDRESS,
    allowPublicBind: parsed.allowPublicBind ?? false,
    tls: resolveTls(parsed.tls ?? {}),
    kafka: {
      scramIterations: parsed.kafka?.scramIterations ?? DEFAULT_SCRAM_ITERATIONS,
      topics: resolveTopics(parsed.kafka?.topics ?? {}),
    },
    services,
    workers: resolveWorkers(parsed.workers),
    engine: resolveEngine(parsed.engine, options.engine),
  });
}

function resolveTls({ keyBits, keyAlgorithm, ...rest }: NonNullable<ParsedConfig['tls']>): ResolvedTls {
  // An older config that names only keyBits keeps its RSA keys (and is not re-issued by an upgrade).
  const algorithm = keyAlgorithm ?? (keyBits === undefined ? DEFAULT_TLS.keyAlgorithm : rsaAlgorithmFor(keyBits));
  return { ...DEFAULT_TLS, ...stripUndefined(rest), keyAlgorithm: algorithm };
}

/** The default topics always exist; the config tunes them or adds more. */
function resolveTopics(given: NonNullable<NonNullable<ParsedConfig['kafka']>['topics']>): Record<string, Required<TopicConfig>> {
  const names = new Set([...Object.keys(DEFAULT_TOPICS), ...Object.keys(given)]);
  const fallback = DEFAULT_TOPICS['telemetry-alerts']!;
  return Object.fromEntries([...names].map((name) => [name, { ...(DEFAULT_TOPICS[name] ?? fallback), ...stripUndefined(given[name] ?? {}) }]));
}

type ParsedService = NonNullable<NonNullable<ParsedConfig['services']>[ServiceName]>;

function resolveService(module: AnyServiceDescriptor, given: ParsedService): ResolvedService {
  const { name, defaults } = module;
  // An image other than the default brings its own start contract: the default command does not carry over.
  const sameImage = given.image === undefined || given.image === defaults.image;
  const { configDir, certsDir, dataDir, fileOwner } = defaults.profile;
  const baseProfile = sameImage ? defaults.profile : { configDir, certsDir, dataDir, fileOwner };
  const hostname = name;
  return {
    name,
    enabled: given.enabled ?? true,
    image: given.image ?? defaults.image,
    hostname,
    profile: { ...baseProfile, ...stripUndefined(given.profile ?? {}) },
    ports: { ...defaults.ports, ...given.ports },
    sans: uniqueAddresses([hostname, 'localhost', '127.0.0.1', ...(given.sans ?? [])]),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** First spelling of each address: `::1` and `0:0:0:0:0:0:0:1` (or `DB` and `db`) are one SAN. */
function uniqueAddresses(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => !seen.has(canonicalHostAddress(value)) && seen.add(canonicalHostAddress(value)));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
