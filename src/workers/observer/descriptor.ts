import { z } from 'zod';
import { backoffSchema, defineWorker, milliseconds, workerSection, type BackoffSettings } from '../descriptor.js';

export interface ObserverSettings {
  /** Synthetic source, used when no telemetry worker runs in the same process: documents per second. */
  readonly rate: number;
  /** The synthetic source stops after this many documents in all (null: never). */
  readonly count: number | null;
  /** Documents per replication request to CouchDB. */
  readonly batchSize: number;
  /** After a local write, wait this long (plus jitter) before pushing, so writes travel in batches. */
  readonly syncDelayMs: number;
  readonly retry: BackoffSettings;
}

/** The offline-first observer: every document sealed (AES-256-GCM) in a local PouchDB, replicated to CouchDB. */
export const observerWorker = defineWorker({
  name: 'observer',
  about: 'Offline-first observer: documents sealed with AES-256-GCM in a local store, replicated to CouchDB',
  feed: 'consumes',
  config: {
    schema: workerSection({
      rate: z.number().min(0.1).max(50_000).optional().describe('Documents per second from its own source, used when no telemetry worker runs beside it'),
      count: z.int().min(0).nullable().optional().describe('Its own source stops after this many documents (null: never)'),
      batchSize: z.int().min(1).max(5000).optional().describe('Documents per replication request to CouchDB'),
      syncDelayMs: milliseconds(0, 60_000).optional().describe('Wait this long (plus jitter) after a local write before pushing, so writes travel in batches'),
      retry: backoffSchema.optional().describe('Back-off while CouchDB cannot be reached'),
    }),
    defaults: { rate: 5, count: null, batchSize: 200, syncDelayMs: 25, retry: { initialMs: 500, maxMs: 30_000, jitter: 0.5 } } as ObserverSettings,
  },
  secrets: {
    OBSERVER_ENCRYPTION_KEY: { about: 'observer AES-256-GCM key (32 bytes, base64url) for every document it stores; see `rocketctl observer rotate-key`' },
  },
  usesSecrets: ['OBSERVER_WRITER_PASSWORD'],
  needs: ['couchdb'],
});
