import { createCouchClient } from '../../clients/couch-client.js';
import { couchEndpointFor, couchUser } from '../../clients/couch-endpoint.js';
import { couchFetch } from '../../clients/couch-fetch.js';
import { TELEMETRY_DATABASE } from '../../seed/roles.js';
import type { StartedWorker, WorkerContext, WorkerFactory } from '../worker.js';
import { createShutdown } from '../shutdown.js';
import { seal } from './envelope.js';
import { observationId, observerIdentity } from './identity.js';
import { loadKeyring } from './keyring.js';
import { Pouch } from './pouch.js';
import { startReplication } from './replication.js';
import { followFeed, startSynthetic, type Observation, type Source } from './source.js';
import { JOURNAL_TYPE, TELEMETRY_TYPE, observerStorePath, openObserverStore } from './store.js';

const DRAIN_MS = 5000;

/**
 * The offline-first observer: every observation is sealed (AES-256-GCM, see envelope.ts) and written to a
 * local PouchDB before anything else; telemetry documents then replicate to CouchDB as observer_writer
 * whenever it is reachable. Its source is the telemetry worker's feed when one runs in this process, else
 * its own synthetic frames.
 */
export const createObserverWorker: WorkerFactory = async (context: WorkerContext): Promise<StartedWorker> => {
  const { config, secrets, log } = context;
  const settings = config.workers.observer;
  const keyring = await loadKeyring(config.stateDir, secrets);
  const endpoint = await couchEndpointFor(config);
  const store = await openObserverStore(observerStorePath(config.workersDir));
  // close() drains first, then ends every request: the clients stop on this, not on the caller's signal.
  const stopping = new AbortController();
  const couch = createCouchClient(endpoint, couchUser(secrets, 'observer_writer'), { signal: stopping.signal, timeoutMs: 30_000 });
  const remote = new Pouch(`https://${endpoint.host}:${endpoint.port}/${TELEMETRY_DATABASE}`, { fetch: couchFetch(couch, 30_000), skip_setup: true });
  const feedRuns = context.feeds.telemetry.hasProducer;
  let identity: Awaited<ReturnType<typeof observerIdentity>>;
  try {
    identity = await observerIdentity(store.db);
    // A local journal of the observer's starts: sealed like everything else, and (not telemetry) never replicated.
    const journalId = `journal-${identity.instance}-${Date.now()}`;
    const entry = { event: 'started', source: feedRuns ? 'telemetry-feed' : 'synthetic', key: keyring.current.id, pid: process.pid };
    await store.insert({ _id: journalId, type: JOURNAL_TYPE, ts: Date.now(), enc: seal(journalId, entry, keyring.current) });
    log.info(`observer: instance ${identity.instance}, key ${keyring.current.id}, source ${entry.source}, store ${store.directory}, journal ${journalId}`);
  } catch (error) {
    await Promise.allSettled([store.close(), couch.close()]);
    throw error;
  }
  const replication = startReplication(store.db, remote, settings, { signal: stopping.signal, log });
  const metrics = { written: 0, exists: 0, failed: 0 };
  let next = identity.nextNumber;
  const pending = new Set<Promise<void>>();

  const observe = ({ ts, payload }: Observation) => {
    const id = observationId(identity.instance, next++);
    const write = store
      .insert({ _id: id, type: TELEMETRY_TYPE, ts, enc: seal(id, payload, keyring.current) })
      .then((outcome) => {
        metrics[outcome]++;
        replication.kick();
      })
      .catch((error: unknown) => {
        metrics.failed++;
        log.warn(`observer: ${(error as Error).message}`);
      })
      .finally(() => pending.delete(write));
    pending.add(write);
  };

  const vehicle = `synthetic-${identity.instance}`;
  const remaining = settings.count === null ? null : Math.max(0, settings.count - identity.nextNumber);
  const source: Source = feedRuns
    ? followFeed(context.feeds.telemetry, observe)
    : startSynthetic({ rate: settings.rate, remaining, vehicle, firstNumber: identity.nextNumber }, observe);
  context.signal.addEventListener('abort', () => source.stop(), { once: true });

  const shutdown = createShutdown(
    [
      () => source.stop(),
      () => Promise.allSettled([...pending]),
      // Push what is local while CouchDB answers; what is left goes at the next start (it is safe on disk).
      () => (replication.status().state !== 'offline' ? replication.drain(DRAIN_MS) : undefined),
      () => stopping.abort(),
      () => replication.close(),
      () => Promise.allSettled([store.close(), couch.close()]),
    ],
    (error) => log.warn(`observer: while closing: ${(error as Error).message}`),
  );
  return {
    name: 'observer',
    health() {
      const r = replication.status();
      const detail =
        r.state === 'offline'
          ? `CouchDB unreachable (${r.lastError ?? 'no answer'}): ${metrics.written} written locally, buffering, retrying`
          : `${r.state}: ${metrics.written} written locally, ${r.replicated} replicated to CouchDB (source ${source.kind})`;
      return {
        healthy: r.state !== 'offline' && metrics.failed === 0,
        detail,
        metrics: { ...metrics, replicated: r.replicated, failedPushes: r.failedAttempts },
      };
    },
    close: shutdown.close,
  };
};
