import { z } from 'zod';
import { withDefaults } from '../shared/with-defaults.js';
import { WORKERS, type ResolvedWorkers } from '../workers/descriptors.js';

type AnyWorker = (typeof WORKERS)[number];
type Sections = { [W in AnyWorker as W['name']]: z.ZodOptional<W['config']['schema']> };

/** `workers.<name>`: each worker's own section, from its descriptor; any other name is an unknown field. */
export const workersSchema = z.strictObject(
  Object.fromEntries(WORKERS.map((worker) => [worker.name, worker.config.schema.optional().describe(worker.about)])) as Sections,
);

/** Every worker's settings: its descriptor's defaults with the file's values laid over them; enabled unless turned off. */
export function resolveWorkers(given: z.infer<typeof workersSchema> | undefined): ResolvedWorkers {
  return Object.fromEntries(
    WORKERS.map((worker) => [worker.name, withDefaults({ ...worker.config.defaults, enabled: true }, given?.[worker.name])]),
  ) as unknown as ResolvedWorkers;
}
