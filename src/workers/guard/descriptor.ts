import { z } from 'zod';
import { backoffSchema, defineWorker, milliseconds, workerSection, type BackoffSettings } from '../descriptor.js';

export interface GuardSettings {
  /** Document types the pipeline carries; any other raises `unknown-type`. */
  readonly allowedTypes: readonly string[];
  /** A document stamped further than this in the future of its publication raises `future-timestamp`. */
  readonly maxFutureSkewMs: number;
  /** More than burstLimit documents stamped within one burstWindowMs raise `burst` (once per window). */
  readonly burstWindowMs: number;
  readonly burstLimit: number;
  /** How many document ids the `document-changed` rule remembers. */
  readonly rememberIds: number;
  /** Back-off while telemetry-alerts cannot be written. */
  readonly retry: BackoffSettings;
}

/** The guard: reads `security-guard-feed`, applies its rules, raises alerts on `telemetry-alerts`. */
export const guardWorker = defineWorker({
  name: 'guard',
  about: 'Guard: security-guard-feed → rules → telemetry-alerts',
  feed: 'none',
  config: {
    schema: workerSection({
      allowedTypes: z.array(z.string().min(1)).min(1).optional().describe('Document types the pipeline carries; any other raises `unknown-type`'),
      maxFutureSkewMs: milliseconds(0, 86_400_000)
        .optional()
        .describe('A document stamped further than this in the future of its publication raises `future-timestamp`'),
      burstWindowMs: milliseconds(100, 3_600_000).optional().describe('More than burstLimit documents stamped within this window raise `burst`'),
      burstLimit: z.int().min(1).optional().describe('Documents one burst window may hold before `burst` is raised (once per window)'),
      rememberIds: z.int().min(1).max(10_000_000).optional().describe('How many document ids the `document-changed` rule remembers'),
      retry: backoffSchema.optional().describe('Back-off while telemetry-alerts cannot be written'),
    }),
    defaults: {
      allowedTypes: ['telemetry'],
      maxFutureSkewMs: 5 * 60_000,
      burstWindowMs: 10_000,
      burstLimit: 5000,
      rememberIds: 200_000,
      retry: { initialMs: 250, maxMs: 10_000, jitter: 0.3 },
    } as GuardSettings,
  },
  secrets: {},
  usesSecrets: ['KAFKA_GUARD_CONSUMER_PASSWORD'],
  needs: ['kafka'],
});
