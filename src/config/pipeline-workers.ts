import { z } from 'zod';

/**
 * Settings of the guard pipeline's workers (`workers.observer | listener | guard`): schema, written and
 * resolved types, defaults and resolution in one file, so the config's shared files change by one line each.
 */
const ms = (min: number, max: number) => z.int({ error: 'expected a whole number of milliseconds' }).min(min).max(max);

const backoff = z
  .strictObject({
    initialMs: ms(10, 60_000).optional(),
    maxMs: ms(100, 600_000).optional(),
    /** Random extra wait as a fraction of each interval, so many clients spread out. */
    jitter: z.number().min(0).max(1).optional(),
  })
  .refine((b) => b.initialMs === undefined || b.maxMs === undefined || b.initialMs <= b.maxMs, { error: 'initialMs must not exceed maxMs' });

export const pipelineWorkersSchema = {
  observer: z
    .strictObject({
      /** Synthetic source, used when no telemetry worker runs in the same process: documents per second. */
      rate: z.number().min(0.1).max(50_000).optional(),
      /** The synthetic source stops after this many documents in all (null: never). */
      count: z.int().min(0).nullable().optional(),
      /** Documents per replication request to CouchDB. */
      batchSize: z.int().min(1).max(5000).optional(),
      /** After a local write, wait this long (plus jitter) before pushing, so writes travel in batches. */
      syncDelayMs: ms(0, 60_000).optional(),
      retry: backoff.optional(),
    })
    .optional(),
  listener: z
    .strictObject({
      /** Changes per `_changes` request, and so per Kafka batch and checkpoint. */
      batchSize: z.int().min(1).max(10_000).optional(),
      /** CouchDB heartbeat on a waiting `_changes` request; three missed heartbeats reconnect. */
      heartbeatMs: ms(500, 60_000).optional(),
      /** Deadline of one Kafka send (acks from every in-sync replica). */
      sendTimeoutMs: ms(1000, 120_000).optional(),
      retry: backoff.optional(),
    })
    .optional(),
  guard: z
    .strictObject({
      /** Document types the pipeline carries; any other raises `unknown-type`. */
      allowedTypes: z.array(z.string().min(1)).min(1).optional(),
      /** A document stamped further than this in the future of its publication raises `future-timestamp`. */
      maxFutureSkewMs: ms(0, 86_400_000).optional(),
      /** More than burstLimit documents stamped within one burstWindowMs raise `burst` (once per window). */
      burstWindowMs: ms(100, 3_600_000).optional(),
      burstLimit: z.int().min(1).optional(),
      /** How many document ids the `document-changed` rule remembers. */
      rememberIds: z.int().min(1).max(10_000_000).optional(),
      /** Back-off while telemetry-alerts cannot be written. */
      retry: backoff.optional(),
    })
    .optional(),
};

type Parsed = { [K in keyof typeof pipelineWorkersSchema]?: z.infer<(typeof pipelineWorkersSchema)[K]> };
export type PipelineWorkersConfig = Parsed;

export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly jitter: number;
}

export interface ResolvedPipelineWorkers {
  readonly observer: {
    readonly rate: number;
    readonly count: number | null;
    readonly batchSize: number;
    readonly syncDelayMs: number;
    readonly retry: BackoffSettings;
  };
  readonly listener: { readonly batchSize: number; readonly heartbeatMs: number; readonly sendTimeoutMs: number; readonly retry: BackoffSettings };
  readonly guard: {
    readonly allowedTypes: readonly string[];
    readonly maxFutureSkewMs: number;
    readonly burstWindowMs: number;
    readonly burstLimit: number;
    readonly rememberIds: number;
    readonly retry: BackoffSettings;
  };
}

export const PIPELINE_WORKER_DEFAULTS: ResolvedPipelineWorkers = {
  observer: { rate: 5, count: null, batchSize: 200, syncDelayMs: 25, retry: { initialMs: 500, maxMs: 30_000, jitter: 0.5 } },
  listener: { batchSize: 500, heartbeatMs: 5000, sendTimeoutMs: 15_000, retry: { initialMs: 250, maxMs: 10_000, jitter: 0.3 } },
  guard: {
    allowedTypes: ['telemetry'],
    maxFutureSkewMs: 5 * 60_000,
    burstWindowMs: 10_000,
    burstLimit: 5000,
    rememberIds: 200_000,
    retry: { initialMs: 250, maxMs: 10_000, jitter: 0.3 },
  },
};

const defined = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

export function resolvePipelineWorkers(given: Parsed | undefined): ResolvedPipelineWorkers {
  const d = PIPELINE_WORKER_DEFAULTS;
  const { retry: observerRetry, ...observer } = defined(given?.observer);
  const { retry: listenerRetry, ...listener } = defined(given?.listener);
  const { retry: guardRetry, ...guard } = defined(given?.guard);
  return {
    observer: { ...d.observer, ...observer, retry: { ...d.observer.retry, ...defined(observerRetry) } },
    listener: { ...d.listener, ...listener, retry: { ...d.listener.retry, ...defined(listenerRetry) } },
    guard: { ...d.guard, ...guard, retry: { ...d.guard.retry, ...defined(guardRetry) } },
  };
}
