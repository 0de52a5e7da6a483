import { z } from 'zod';
import { backoffSchema, defineWorker, milliseconds, workerSection, type BackoffSettings } from '../descriptor.js';

export interface ListenerSettings {
  /** Changes per `_changes` request, and so per Kafka batch and checkpoint. */
  readonly batchSize: number;
  /** CouchDB heartbeat on a waiting `_changes` request; three missed heartbeats reconnect. */
  readonly heartbeatMs: number;
  /** Deadline of one Kafka send (acks from every in-sync replica). */
  readonly sendTimeoutMs: number;
  readonly retry: BackoffSettings;
}

/** The change-feed listener: CouchDB `_changes` → Kafka `security-guard-feed` (minimal metadata), checkpointed. */
export const listenerWorker = defineWorker({
  name: 'listener',
  about: 'Change-feed listener: CouchDB _changes → Kafka security-guard-feed, checkpointed',
  feed: 'none',
  config: {
    schema: workerSection({
      batchSize: z.int().min(1).max(10_000).optional().describe('Changes per `_changes` request, and so per Kafka batch and checkpoint'),
      heartbeatMs: milliseconds(500, 60_000).optional().describe('CouchDB heartbeat on a waiting `_changes` request; three missed ones reconnect'),
      sendTimeoutMs: milliseconds(1000, 120_000).optional().describe('Deadline of one Kafka send (acks from every in-sync replica)'),
      retry: backoffSchema.optional().describe('Back-off while CouchDB or Kafka cannot be reached'),
    }),
    defaults: { batchSize: 500, heartbeatMs: 5000, sendTimeoutMs: 15_000, retry: { initialMs: 250, maxMs: 10_000, jitter: 0.3 } } as ListenerSettings,
  },
  secrets: {},
  usesSecrets: ['REPLICATOR_PASSWORD', 'KAFKA_GUARD_PRODUCER_PASSWORD'],
  needs: ['couchdb', 'kafka'],
});
