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

// Each option's `.describe()` is its one-line why: `rocketctl init` writes it above the option's default.
const profile = z.strictObject({
  entrypoint: nonEmptyArgs.optional().describe("The container's entrypoint (unset: the image's own)"),
  command: nonEmptyArgs.optional().describe("The container's command (unset: the image's own)"),
  user: z.string().min(1).optional().describe("The user the container runs as (unset: the image's own)"),
  configDir: absolutePath.optional().describe('Where the rendered config files are copied inside the container'),
  certsDir: absolutePath.optional().describe("Where the service's TLS material is copied inside the container"),
  dataDir: absolutePath.optional().describe('Where the named data volume is mounted inside the container'),
  fileOwner: z
    .string()
    .regex(/^\d+:\d+$/, { error: 'expected numeric "uid:gid", e.g. "999:999"' })
    .optional()
    .describe('Numeric uid:gid the service runs as: the owner of the config and key files copied in'),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }), z.string())
    .optional()
    .describe('Extra environment variables (never a secret: those reach the container as 0600 files)'),
});

/** A service's section: its ports may only name the endpoints its module has. */
function serviceSchema(module: AnyServiceDescriptor) {
  const endpoints = Object.keys(module.endpoints);
  return z.strictObject({
    enabled: z.boolean().optional().describe('`false` leaves the service out of up, certs gen and seed (Kafka needs all three ZooKeeper peers)'),
    image: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, { error: 'expected an image reference such as "postgres:15.10"' })
      .optional()
      .describe("Pinned by exact version; another image (a mirror's) drops the default start command, keeps the mounts"),
    profile: profile.optional().describe('How the image is started: its command and where config, certs and data mount'),
    ports: z
      .record(z.string(), port.nullable())
      .superRefine((ports, context) => {
        for (const name of Object.keys(ports).filter((key) => !endpoints.includes(key))) {
          context.addIssue({ code: 'custom', path: [name], message: `unknown endpoint (known: ${endpoints.join(', ')})` });
        }
      })
      .optional()
      .describe('Host ports by endpoint, published on bindAddress; null: not published'),
    sans: z.array(san).optional().describe('Extra names clients dial (a DNS alias) for the certificate; its host name and localhost are always in'),
  });
}

const services = z.strictObject(
  Object.fromEntries(SERVICES.map((module) => [module.name, serviceSchema(module).optional()])) as Record<
    (typeof SERVICES)[number]['name'],
    z.ZodOptional<ReturnType<typeof serviceSchema>>
  >,
);

const topic = z.strictObject({
  partitions: z.int().min(1).max(1000).optional().describe('Partitions of the topic (never shrunk)'),
  replicationFactor: z.int().min(1).max(5).optional().describe('Copies of each partition (one broker: 1)'),
  retentionMs: z.int().min(60_000).optional().describe('How long a message is kept'),
});

const imageReference = z.string().regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, { error: 'expected an image reference such as "debian:bookworm-slim"' });

export const userConfigSchema = z.strictObject({
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, { error: 'expected a lowercase name (letters, digits, -), at most 31 characters' })
    .optional()
    .describe('Prefix of every container, network, volume and label: two projects on one host need two names'),
  certsDir: z.string().min(1).optional().describe('Where `certs gen` writes the TLS material, relative to this file'),
  stateDir: z.string().min(1).optional().describe('Where secrets.env (0600), rendered configs, the lock and the step ledger live, relative to this file'),
  /** Where the workers keep their state (runtime files, the observer's store, the listener's checkpoint); default <stateDir>/workers. */
  workersDir: z
    .string()
    .min(1)
    .optional()
    .describe("Where the foreground workers keep runtime files, the observer's store and the listener's checkpoint (default <stateDir>/workers)"),
  /**
   * Where this rocketctl runs: on a host that reaches the stack through its published ports (default), or inside the
   * project's network, as the workers member does (it reaches every service by its host name). Set by rocketctl in
   * the member's own config.
   */
  runsIn: z
    .enum(['host', 'stack'], { error: "expected 'host' or 'stack'" })
    .optional()
    .describe("'host' (reaches the stack through its published ports); rocketctl sets 'stack' in the workers member's own config"),
  images: z
    .strictObject({
      /** A workers image to run instead of building one from this rocketctl (a registry's, say). */
      workers: imageReference.optional().describe("A workers image to run instead of building one from this rocketctl (a registry's, say)"),
      /** The base `rocketctl images build` puts this rocketctl and its Node runtime on (glibc, with a shell). */
      workersBase: imageReference.optional().describe('The base `rocketctl images build` puts this rocketctl and its Node runtime on (glibc, with a shell)'),
    })
    .optional()
    .describe('The workers image: built locally from this rocketctl by default'),
  bindAddress: z
    .string()
    .refine((v) => isIP(v) !== 0, { error: 'expected an IP address such as 127.0.0.1' })
    .optional()
    .describe('Every published port binds here: 127.0.0.1 keeps the stack off the network'),
  /** Required to publish on 0.0.0.0 or ::, because ZooKeeper's client ports have no authentication. */
  allowPublicBind: z.boolean().optional().describe("Must be true to bind 0.0.0.0 or :: (ZooKeeper's client ports have no authentication)"),
  tls: z
    .strictObject({
      keyAlgorithm: z
        .enum(KEY_ALGORITHMS, { error: `expected one of ${KEY_ALGORITHMS.map((a) => `'${a}'`).join(', ')}` })
        .optional()
        .describe("Key type of the CA and every leaf: ECDSA P-256 is fast and strong; 'rsa-2048' etc. for clients without ECDSA"),
      /** @deprecated kept so older configs load: `keyBits: N` alone means `keyAlgorithm: 'rsa-N'`. */
      keyBits: z
        .union([z.literal(2048), z.literal(3072), z.literal(4096)], { error: 'expected 2048, 3072 or 4096' })
        .optional()
        .meta({ deprecated: true, description: "older name for an RSA keyAlgorithm: keyBits: N means 'rsa-N'" }),
      caValidityDays: z.int().min(30).max(36500).optional().describe('How long the CA lives (a new CA re-issues every leaf)'),
      leafValidityDays: z.int().min(30).max(3650).optional().describe('How long a service certificate lives: 397 days is the most public clients accept'),
      renewWithinDays: z.int().min(1).max(365).optional().describe('`certs gen` and `up` re-issue a certificate with fewer days left than this'),
    })
    .superRefine(({ keyAlgorithm, keyBits }, context) => {
      if (keyAlgorithm === undefined || keyBits === undefined || keyAlgorithm === rsaAlgorithmFor(keyBits)) return;
      context.addIssue({
        code: 'custom',
        path: ['keyBits'],
        message: `${keyBits} contradicts tls.keyAlgorithm '${keyAlgorithm}'; remove tls.keyBits (tls.keyAlgorithm replaces it)`,
      });
    })
    .optional()
    .describe('The project CA and the service certificates `certs gen` makes'),
  kafka: z
    .strictObject({
      scramIterations: z
        .int()
        .min(4096, { error: 'Kafka rejects fewer than 4096 iterations' })
        .max(16384, { error: 'Kafka rejects more than 16384 iterations' })
        .optional()
        .describe('PBKDF2 iterations of the SCRAM-SHA-512 credentials (Kafka accepts 4096-16384)'),
      topics: z
        .record(z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, { error: 'expected a Kafka topic name (letters, digits, . _ -)' }), topic)
        .optional()
        .describe('What `kafka topics` creates: these three always exist; tune them or add more'),
    })
    .optional()
    .describe('Kafka credentials and topics'),
  services: services.optional().describe('One section per service: turn it off, change its image, how it starts, its host ports, its certificate names'),
  workers: workersSchema.optional().describe('One section per in-process worker (`workers start`): `enabled` and its own settings'),
  engine: engineSchema.optional().describe('Where the stack runs: one Docker host, or a Swarm (README "Multi-host (Swarm)")'),
});
