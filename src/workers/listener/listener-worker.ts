import { createChangesFollower, CouchRefusedError, type CouchSeq } from '../../clients/couch-changes.js';
import { createCouchClient } from '../../clients/couch-client.js';
import { couchEndpointFor, couchUser } from '../../clients/couch-endpoint.js';
import { createKafkaClient } from '../../clients/kafka-client.js';
import { createRenewingProducer } from '../../clients/kafka-renewing-producer.js';
import { isRetryableKafkaError } from '../../clients/kafka-errors.js';
import { kafkaLoginFor } from '../../clients/kafka-login.js';
import { GUARD_FEED_TOPIC, GUARD_PRODUCER } from '../../kafka/acl-plan.js';
import { TELEMETRY_DATABASE } from '../../seed/roles.js';
import { InterruptedError, RocketError } from '../../shared/errors.js';
import { retry } from '../../shared/retry.js';
import { foreverWithBackoff } from '../backoff.js';
import type { StartedWorker, WorkerContext, WorkerFactory } from '../worker.js';
import { createShutdown } from '../shutdown.js';
import { listenerCheckpointPath, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { changeMetadata, isPublishable, toMessage } from './metadata.js';

/**
 * The change-feed listener: follows CouchDB's `_changes` as replicator and publishes each change's metadata
 * (`{id, seq, type, ts}`, never the payload) to security-guard-feed as guard-producer, idempotent producer,
 * keyed by document id. The `since` checkpoint is written only after Kafka acknowledged the whole batch, so a
 * crash anywhere replays from the last acknowledged batch: at-least-once, duplicates possible, nothing lost.
 */
export const createListenerWorker: WorkerFactory = async (context: WorkerContext): Promise<StartedWorker> => {
  const { config, secrets, log } = context;
  const settings = config.workers.listener;
  const checkpointFile = listenerCheckpointPath(config.workersDir);
  const saved = await readCheckpoint(checkpointFile);
  const endpoint = await couchEndpointFor(config);
  const login = await kafkaLoginFor(config, secrets, GUARD_PRODUCER);
  // Stops following at once on the caller's signal or close(); the Kafka send in flight finishes (bounded by its
  // deadline) so its batch can be checkpointed, then `stopped` ends every client.
  const following = new AbortController();
  const follow = AbortSignal.any([context.signal, following.signal]);
  const stopped = new AbortController();
  const kafka = createKafkaClient(login, { signal: stopped.signal, log, timeoutMs: settings.sendTimeoutMs, clientId: 'rocketctl-listener' });
  const couch = createCouchClient(endpoint, couchUser(secrets, 'replicator'), { signal: stopped.signal });
  const closeClients = () => Promise.allSettled([kafka.close(), couch.close()]);
  // A wrong password or a missing ACL is found here, before anything is read or checkpointed. A broker that is
  // merely down is not: the loop connects when it has something to publish, with back-off.
  const producer = createRenewingProducer(kafka, { idempotent: true });
  await producer.connect().catch(async (error: unknown) => {
    if (!isRetryableKafkaError(error)) {
      await closeClients();
      throw error;
    }
    log.warn(`listener: ${(error as Error).message}; following CouchDB and retrying Kafka with back-off`);
  });
  const follower = createChangesFollower<{ type?: unknown; ts?: unknown }>(couch, {
    database: TELEMETRY_DATABASE,
    limit: settings.batchSize,
    includeDocs: true,
    heartbeatMs: settings.heartbeatMs,
  });
  const state = {
    since: saved?.since ?? (0 as CouchSeq),
    published: saved?.published ?? 0,
    batches: 0,
    retries: 0,
    waitingFor: '' as '' | 'couchdb' | 'kafka',
    lastError: '',
    failed: null as RocketError | Error | null,
  };
  const backoff = (what: 'couchdb' | 'kafka', retryOn: (e: unknown) => boolean) =>
    foreverWithBackoff(settings.retry, follow, {
      retryOn,
      onRetry: (error: unknown) => {
        state.retries++;
        state.lastError = (error as Error).message;
        if (state.waitingFor !== what) log.warn(`listener: ${state.lastError}; retrying with back-off`);
        state.waitingFor = what;
      },
    });

  const fetch = (since: CouchSeq) => {
    const batch = retry(
      () => follower.next(since, follow),
      backoff('couchdb', (e) => !(e instanceof CouchRefusedError)),
    );
    batch.catch(() => undefined); // awaited (and so reported) by the loop; this only marks a prefetch that is never used
    return batch;
  };
  // Three steps overlap, and none reorders what must stay ordered: the next batch is fetched while this one is
  // published, and a batch's checkpoint is written (after its ack, after the previous checkpoint) while the next
  // one is published. Latency then is a fetch or a send, not fetch + send + fsync.
  const loop = async () => {
    let checkpointed: Promise<void> = Promise.resolve();
    let checkpointFailed: unknown = null;
    let next = fetch(state.since);
    try {
      while (!follow.aborted) {
        if (checkpointFailed) throw checkpointFailed;
        const batch = await next;
        next = fetch(batch.lastSeq);
        const messages = batch.results.filter(isPublishable).map((change) => toMessage(changeMetadata(change)));
        if (messages.length > 0) await retry(() => producer.send(GUARD_FEED_TOPIC, messages), backoff('kafka', isRetryableKafkaError));
        state.waitingFor = '';
        state.published += messages.length;
        state.batches++;
        const checkpoint = { since: batch.lastSeq, published: state.published, updatedAt: new Date().toISOString() };
        checkpointed = checkpointed.then(() => writeCheckpoint(checkpointFile, checkpoint)).catch((error: unknown) => void (checkpointFailed ??= error));
        state.since = batch.lastSeq;
      }
    } finally {
      await checkpointed;
    }
    if (checkpointFailed) throw checkpointFailed;
  };
  const running = loop().catch((error: unknown) => {
    if (error instanceof InterruptedError || follow.aborted) return;
    state.failed = error as Error;
    const hint = error instanceof RocketError && error.hint ? ` (fix: ${error.hint})` : '';
    log.warn(`listener: stopped: ${(error as Error).message}${hint}`);
  });
  log.info(`listener: following ${TELEMETRY_DATABASE} since ${JSON.stringify(state.since)} → ${GUARD_FEED_TOPIC} as ${GUARD_PRODUCER}`);

  const shutdown = createShutdown([() => following.abort(), () => running, () => stopped.abort(), closeClients], (error) =>
    log.warn(`listener: while closing: ${(error as Error).message}`),
  );
  return {
    name: 'listener',
    health() {
      const metrics = { published: state.published, batches: state.batches, retries: state.retries };
      if (state.failed) return { healthy: false, stopped: true, detail: `stopped: ${state.failed.message}`, metrics };
      if (state.waitingFor)
        return {
          healthy: false,
          detail: `${state.waitingFor === 'kafka' ? 'Kafka' : 'CouchDB'} unavailable, retrying from seq ${JSON.stringify(state.since)}: ${state.lastError}`,
          metrics,
        };
      return {
        healthy: true,
        detail: `following ${TELEMETRY_DATABASE} at seq ${JSON.stringify(state.since)}: ${state.published} record(s) published to ${GUARD_FEED_TOPIC}`,
        metrics,
      };
    },
    close: shutdown.close,
  };
};
