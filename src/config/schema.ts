import { isIP } from 'node:net';
import { z } from 'zod';
import type { AnyServiceDescriptor } from '../services/descriptors.js';
import { SERVICES } from '../services/descriptors.js';
import { workersSchema } from './workers-section.js';
import { parseHostAddress } from '../shared/host-address.js';
import { KEY_ALGORITHMS, rsaAlgorithmFor } from './key-algorithms.js';
import { engineSchema } from './engine-config.js';

const PORT_MESSAGE = 'expected a port (an integer 1-65535)';
const port = z.int({ error: PORT_MESSAGE }).min(1, { error: PORT_MESSAGE }).max(65535, { error: PORT_MESSAGE });

// Only what the issuer can encode exactly as written: the certificate must say what the config says.
const san = z.string().superRefine((value, context) => {
  const parsed = parseHostAddress(value);
  if ('problem' in parsed) context.addIssue({ code: 'custom', message: parsed.problem });
});
const absolutePath = z.string().startsWith('/', { error: 'expected an absolute path inside the container' });
const nonEmptyArgs = z.array(z.string().min(1, { error: 'expected a non-empty argument' }));

const profile = z.strictObject({
  entrypoint: nonEmptyArgs.optional(),
  command: nonEmptyArgs.optional(),
  user: z.string().min(1).optional(),
  configDir: absolutePath.optional(),
  certsDir: absolutePath.optional(),
  dataDir: absolutePath.optional(),
  fileOwner: z
    .string()
    .regex(/^\d+:\d+$/, { error: 'expected numeric "uid:gid", e.g. "999:999"' })
    .optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }), z.string()).optional(),
});

/** A service's section: its ports may only name the endpoints its module has. */
function serviceSchema(module: AnyServiceDescriptor) {
  const endpoints = Object.keys(module.endpoints);
  return z.strictObject({
    enabled: z.boolean().optional(),
    image: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, { error: 'expected an image reference such as "postgres:15.10"' })
      .optional(),
    profile: profile.optional(),
    ports: z
      .record(z.string(), port.nullable())
      .superRefine((ports, context) => {
        for (const name of Object.keys(ports).filter((key) => !endpoints.includes(key))) {
          context.addIssue({ code: 'custom', path: [name], message: `unknown endpoint (known: ${endpoints.join(', ')})` });
        }
      })
      .optional(),
    sans: z.array(san).optional(),
  });
}

const services = z.strictObject(
  Object.fromEntries(SERVICES.map((module) => [module.name, serviceSchema(module).optional()])) as Record<
    (typeof SERVICES)[number]['name'],
    z.ZodOptional<ReturnType<typeof serviceSchema>>
  >,
);

const topic = z.strictObject({
  partitions: z.int().min(1).max(1000).optional(),
  replicationFactor: z.int().min(1).max(5).optional(),
  retentionMs: z.int().min(60_000).optional(),
});

const imageReference = z.string().regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, { error: 'expected an image reference such as "debian:bookworm-slim"' });

export const userConfigSchema = z.strictObject({
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, { error: 'expected a lowercase name (letters, digits, -), at most 31 characters' })
    .optional(),
  certsDir: z.string().min(1).optional(),
  stateDir: z.string().min(1).optional(),
  /** Where the workers keep their state (runtime files, the observer's store, the listener's checkpoint); default <stateDir>/workers. */
  workersDir: z.string().min(1).optional(),
  /**
   * Where this rocketctl runs: on a host that reaches the stack through its published ports (default), or inside the
   * project's network, as the workers member does (it reaches every service by its host name). Set by rocketctl in
   * the member's own config.
   */
  runsIn: z.enum(['host', 'stack'], { error: "expected 'host' or 'stack'" }).optional(),
  images: z
    .strictObject({
      /** A workers image to run instead of building one from this rocketctl (a registry's, say). */
      workers: imageReference.optional(),
      /** The base `rocketctl images build` puts this rocketctl and its Node runtime on (glibc, with a shell). */
      workersBase: imageReference.optional(),
    })
    .optional(),
  bindAddress: z
    .string()
    .refine((v) => isIP(v) !== 0, { error: 'expected an IP address such as 127.0.0.1' })
    .optional(),
  /** Required to publish on 0.0.0.0 or ::, because ZooKeeper's client ports have no authentication. */
  allowPublicBind: z.boolean().optional(),
  tls: z
    .strictObject({
      keyAlgorithm: z.enum(KEY_ALGORITHMS, { error: `expected one of ${KEY_ALGORITHMS.map((a) => `'${a}'`).join(', ')}` }).optional(),
      /** @deprecated kept so older configs load: `keyBits: N` alone means `keyAlgorithm: 'rsa-N'`. */
      keyBits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)], { error: 'expected 2048, 3072 or 4096' }).optional(),
      caValidityDays: z.int().min(30).max(36500).optional(),
      leafValidityDays: z.int().min(30).max(3650).optional(),
      renewWithinDays: z.int().min(1).max(365).optional(),
    })
    .superRefine(({ keyAlgorithm, keyBits }, context) => {
      if (keyAlgorithm === undefined || keyBits === undefined || keyAlgorithm === rsaAlgorithmFor(keyBits)) return;
      context.addIssue({
        code: 'custom',
        path: ['keyBits'],
        message: `${keyBits} contradicts tls.keyAlgorithm '${keyAlgorithm}'; remove tls.keyBits (tls.keyAlgorithm replaces it)`,
      });
    })
    .optional(),
  kafka: z
    .strictObject({
      scramIterations: z
        .int()
        .min(4096, { error: 'Kafka rejects fewer than 4096 iterations' })
        .max(16384, { error: 'Kafka rejects more than 16384 iterations' })
        .optional(),
      topics: z.record(z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, { error: 'expected a Kafka topic name (letters, digits, . _ -)' }), topic).optional(),
    })
    .optional(),
  services: services.optional(),
  workers: workersSchema.optional(),
  engine: engineSchema.optional(),
});
