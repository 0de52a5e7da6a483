import type { SecretDefinition } from '../services/descriptor.js';
import { SERVICE_DESCRIPTORS, type ServiceSecretName } from '../services/descriptors.js';
import { WORKERS, type WorkerSecretName } from '../workers/descriptors.js';

/** Secrets no single service owns: the least-privilege roles every store gets (src/seed/roles.ts). */
const SHARED_SECRETS = {
  OBSERVER_WRITER_PASSWORD: { about: 'database role "observer_writer" (insert-only) in every store' },
  REPLICATOR_PASSWORD: { about: 'database role "replicator" (read-only) in every store' },
} as const satisfies Record<string, SecretDefinition>;

export type SecretName = ServiceSecretName | WorkerSecretName | keyof typeof SHARED_SECRETS;

/**
 * Every secret rocketctl manages: the ones each service and each worker declares, and the shared ones. Each is
 * generated on first need into .rocketctl/secrets.env and can be overridden by `ROCKETCTL_<NAME>` (and, for
 * the two the old scripts used, their historic variables).
 */
export const SECRET_CATALOG: Readonly<Record<SecretName, SecretDefinition>> = Object.freeze({
  ...Object.assign({}, ...SERVICE_DESCRIPTORS.map((service) => service.secrets)),
  ...SHARED_SECRETS,
  ...Object.assign({}, ...WORKERS.map((worker) => worker.secrets)),
});

export const SECRET_NAMES = Object.keys(SECRET_CATALOG) as SecretName[];

/** The shape a secret's value must have (most are random tokens; an id is hex). */
export const secretFormat = (name: SecretName) => SECRET_CATALOG[name].format ?? 'token';

export function envVariablesFor(name: SecretName): string[] {
  const legacy = SECRET_CATALOG[name].legacyEnv;
  return [`ROCKETCTL_${name}`, ...(legacy ? [legacy] : [])];
}

/** Accepts `KAFKA_ADMIN_PASSWORD`, `kafka-admin-password` or `kafka_admin_password`. */
export function parseSecretName(input: string): SecretName | undefined {
  const normalised = input.trim().toUpperCase().replaceAll('-', '_');
  return (SECRET_NAMES as string[]).includes(normalised) ? (normalised as SecretName) : undefined;
}
