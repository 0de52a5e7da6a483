import { z } from 'zod';
import type { SecretDefinition } from '../services/descriptor.js';
import type { ServiceName } from '../services/descriptors.js';

/**
 * What rocketctl knows about a worker as plain data: its name, its place on the in-process telemetry feed,
 * its config section (schema and defaults) and the secrets it owns. The config and the secrets catalog read
 * these; the behaviour (factory, probe) is looked up in registry.ts, keyed by the same names.
 */
export interface WorkerDescriptor<N extends string = string, S extends z.ZodType = z.ZodType, R extends object = object, K extends string = string> {
  readonly name: N;
  /** One line: what the worker is (the why of its section in the config `rocketctl init` writes). */
  readonly about: string;
  /** Producers start before the workers that consume their feed (a consumer without a producer uses its own source). */
  readonly feed: 'produces' | 'consumes' | 'none';
  /** Its section `workers.<name>` of the config: what may be written (every field optional) and the defaults. */
  readonly config: { readonly schema: S; readonly defaults: R };
  readonly secrets: Readonly<Record<K, SecretDefinition>>;
  /** Secrets of others it logs in with (the workers member gets these and its own, nothing more). */
  readonly usesSecrets: readonly string[];
  /** The services it talks to: the workers member starts after those of its enabled workers. */
  readonly needs: readonly ServiceName[];
}

/** Identity with inference: keeps the literal name and the settings type the list derives the resolved config from. */
export const defineWorker = <const N extends string, S extends z.ZodType, R extends object, const K extends string = never>(
  descriptor: WorkerDescriptor<N, S, R, K>,
): WorkerDescriptor<N, S, R, K> => descriptor;

/** A worker's config section: its own fields, and `enabled` (default true) that every worker has. */
export const workerSection = <const T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({
    enabled: z.boolean({ error: 'expected true or false' }).optional().describe('`false` leaves this worker out of `workers start` and the checklist'),
    ...shape,
  });

// Pieces several workers' schemas share.

export const milliseconds = (min: number, max: number) => z.int({ error: 'expected a whole number of milliseconds' }).min(min).max(max);

/** Waits between retries: doubling from initialMs up to maxMs, each stretched by up to `jitter` of itself. */
export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly jitter: number;
}

export const backoffSchema = z
  .strictObject({
    initialMs: milliseconds(10, 60_000).optional().describe('The first wait after a failure; each further one doubles'),
    maxMs: milliseconds(100, 600_000).optional().describe('The longest wait between two tries'),
    jitter: z.number().min(0).max(1).optional().describe('Random extra wait as a fraction of each interval, so many clients spread out'),
  })
  .refine((b) => b.initialMs === undefined || b.maxMs === undefined || b.initialMs <= b.maxMs, { error: 'initialMs must not exceed maxMs' });
