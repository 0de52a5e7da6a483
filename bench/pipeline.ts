/**
 * bench/pipeline: on its own lab project (ports +3200), the guard pipeline's three figures against the targets:
 *   (a) observer local writes/s: seal (AES-256-GCM) + insert into the LevelDB store, 20,000 documents; baseline in the
 *       same run: the same inserts unsealed (what encryption costs);
 *   (b) listener catch-up: 20,000 changes already in CouchDB, a listener with no checkpoint, until all are acknowledged by Kafka;
 *   (c) change → Kafka latency at a steady 200 docs/s for 30 s, written as the observer's replication writes (_bulk_docs,
 *       here every 50 ms): from sending the write to CouchDB until an independent consumer holds the record (so it
 *       includes CouchDB's write and the consumer's fetch), p50/p99.
 * Bounded: fixed counts, every wait has a deadline. Run under the lab lock:
 *   flock /tmp/rocketctl-docker.lock npm run bench:pipeline
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createCouchClient } from '../src/clients/couch-client.js';
import { couchEndpointFor, couchUser } from '../src/clients/couch-endpoint.js';
import { loadConfig } from '../src/config/load.js';
import { ensureSecrets } from '../src/secrets/secrets.js';
import { retry } from '../src/shared/retry.js';
import { createLogger, silentLogger } from '../src/shared/log.js';
import { createFeed } from '../src/workers/feed.js';
import { createListenerWorker } from '../src/workers/listener/listener-worker.js';
import { keyId, seal } from '../src/workers/observer/envelope.js';
import { syntheticFrame } from '../src/workers/observer/source.js';
import { openObserverStore } from '../src/workers/observer/store.js';
import { rocketctl } from '../test/support/cli.js';
import { createLabProject } from '../test/support/lab-project.js';

const LOCAL_DOCS = 20_000;
const CATCH_UP_DOCS = 20_000;
const STEADY_RATE = 200;
const STEADY_SECONDS = 30;
const TARGETS = { writesPerSecond: 5000, catchUpPerSecond: 2000, p99Ms: 250 };

const key = (() => {
  const raw = randomBytes(32);
  return { id: keyId(raw), key: raw };
})();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const doc = (id: string, sealed: boolean) => ({
  _id: id,
  type: 'telemetry',
  ts: Date.now(),
  ...(sealed ? { enc: seal(id, syntheticFrame('bench', 1), key) } : { payload: syntheticFrame('bench', 1) }),
});

async function localWrites(sealed: boolean): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-bench-store-'));
  const store = await openObserverStore(path.join(dir, 'pouchdb'));
  try {
    const started = performance.now();
    // The observer's path: each observation sealed, then handed to the store, which coalesces concurrent inserts.
    const writes = [];
    for (let n = 0; n < LOCAL_DOCS; n++) writes.push(store.insert(doc(`obs-bench-${String(n).padStart(12, '0')}`, sealed) as never));
    await Promise.all(writes);
    return LOCAL_DOCS / ((performance.now() - started) / 1000);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const sealedWrites = await localWrites(true);
const plainWrites = await localWrites(false);

// BENCH_PROJECT_DIR: a lab project that is already up and seeded (nothing is started or removed then).
const given = process.env.BENCH_PROJECT_DIR;
const project = given
  ? { dir: given, cleanup: async () => undefined }
  : await createLabProject('rocketctl-pipe-bench', '{ services: { cassandra: { enabled: false }, postgres: { enabled: false } } }', { portOffset: 3200 });
const stop = new AbortController();
const deadline = setTimeout(() => stop.abort(), 600_000);
const run = randomBytes(3).toString('hex');
try {
  for (const args of given ? [] : [['up'], ['seed'], ['kafka', 'scram'], ['kafka', 'topics'], ['kafka', 'acls']]) {
    const result = await rocketctl(args, { cwd: project.dir });
    if (result.exitCode !== 0) throw new Error(`rocketctl ${args.join(' ')} failed (is the lab built? npm run lab):\n${result.stderr}`);
  }
  const config = await loadConfig({ cwd: project.dir, env: {} });
  const secrets = await ensureSecrets({ config, env: {}, log: silentLogger });
  const log = createLogger();
  const couch = createCouchClient(await couchEndpointFor(config), couchUser(secrets, 'observer_writer'), { signal: stop.signal });
  const bulk = async (docs: ReturnType<typeof doc>[]) => {
    const response = await couch.request({ method: 'POST', path: '/telemetry/_bulk_docs', body: { docs }, timeoutMs: 60_000 });
    if (response.status !== 201) throw new Error(`_bulk_docs answered ${response.status}`);
  };

  // (b) catch-up: the backlog first, then a listener that has never run.
  for (let n = 0; n < CATCH_UP_DOCS; n += 1000) {
    await bulk(Array.from({ length: 1000 }, (_, i) => doc(`obs-backlog${run}-${String(n + i).padStart(12, '0')}`, true)));
  }
  // Every change in the database is backlog to a listener with a checkpoint folder of its own (design documents aside).
  const info = await couch.request<{ doc_count: number }>({ path: '/telemetry' });
  const designs = await couch.request<{ rows: unknown[] }>({ path: '/telemetry/_all_docs?startkey=%22_design%2F%22&endkey=%22_design0%22' });
  const backlog = info.json.doc_count - designs.json.rows.length;
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-bench-listener-'));
  const context = { config: { ...config, stateDir }, secrets, signal: stop.signal, log, feeds: { telemetry: createFeed<unknown>() } };
  const catchUpStarted = performance.now();
  const listener = await createListenerWorker(context);
  await retry(
    async () => {
      const published = listener.health().metrics!.published!;
      if (published < backlog) throw new Error(`${published} of ${backlog} published`);
    },
    { timeoutMs: 120_000, intervalMs: 20, what: 'the listener catching up' },
  );
  const catchUpPerSecond = backlog / ((performance.now() - catchUpStarted) / 1000);

  // (c) steady stream, with an independent consumer already at the end of the topic.
  const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
  const kafka = new Kafka({
    brokers: [`${config.bindAddress}:${config.services.kafka.ports.tls}`],
    ssl: { ca: [ca], minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: 'admin', password: secrets.get('KAFKA_ADMIN_PASSWORD') },
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `rocketctl-bench-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 10 });
  // Wall-clock times (Date.now), so the record's own timestamp (set by the listener's producer at send) splits each
  // latency into CouchDB → listener send, and send → consumer.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const toSend: number[] = [];
  const ackedAt = new Map<string, number>();
  const fromAck: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await consumer.subscribe({ topic: 'security-guard-feed', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = sentAt.get(message.key?.toString() ?? '');
      if (at === undefined) return;
      latencies.push(Date.now() - at);
      const acked = ackedAt.get(message.key!.toString());
      if (acked !== undefined) fromAck.push(Date.now() - acked);
      toSend.push(Number(message.timestamp) - at);
    },
  });
  await retry(async () => (joined ? undefined : Promise.reject(new Error('not joined'))), {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'the bench consumer joining',
  });
  const total = STEADY_RATE * STEADY_SECONDS;
  const started = performance.now();
  const writes: Promise<unknown>[] = [];
  // As the observer's replication writes: _bulk_docs, here every 50 ms with the documents due by then (10 at 200/s).
  await new Promise<void>((resolve) => {
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * STEADY_RATE));
      const docs: ReturnType<typeof doc>[] = [];
      for (; sent < due; sent++) docs.push(doc(`obs-steady${run}-${String(sent).padStart(12, '0')}`, true));
      const at = Date.now();
      for (const d of docs) sentAt.set(d._id, at);
      if (docs.length > 0) writes.push(bulk(docs).then(() => docs.forEach((d) => ackedAt.set(d._id, Date.now()))));
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  await Promise.all(writes);
  await retry(async () => (latencies.length >= total ? undefined : Promise.reject(new Error(`${latencies.length} of ${total} seen`))), {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'the steady stream reaching the consumer',
  });
  const achievedRate = total / ((performance.now() - started) / 1000);
  await Promise.allSettled([consumer.disconnect(), listener.close(), couch.close()]);
  await rm(stateDir, { recursive: true, force: true });

  const sorted = [...latencies].sort((a, b) => a - b);
  const sortedToSend = [...toSend].sort((a, b) => a - b);
  const sortedFromAck = [...fromAck].sort((a, b) => a - b);
  const rows = [
    ['observer local writes/s (sealed)', sealedWrites.toFixed(0), `≥ ${TARGETS.writesPerSecond}`, sealedWrites >= TARGETS.writesPerSecond],
    ['  baseline: same inserts unsealed', plainWrites.toFixed(0), '', ''],
    [
      `listener catch-up changes/s (${backlog} backlog)`,
      catchUpPerSecond.toFixed(0),
      `≥ ${TARGETS.catchUpPerSecond}`,
      catchUpPerSecond >= TARGETS.catchUpPerSecond,
    ],
    [`change → Kafka p50 ms (${achievedRate.toFixed(0)} docs/s)`, percentile(sorted, 50).toFixed(1), '', ''],
    [
      `change → Kafka p99 ms (${achievedRate.toFixed(0)} docs/s)`,
      percentile(sorted, 99).toFixed(1),
      `≤ ${TARGETS.p99Ms}`,
      percentile(sorted, 99) <= TARGETS.p99Ms,
    ],
    ['change → Kafka max ms', sorted.at(-1)!.toFixed(1), '', ''],
    ['  of which write → listener send p50/p99 ms', `${percentile(sortedToSend, 50)}/${percentile(sortedToSend, 99)}`, '', ''],
    ["  from CouchDB's write ack p50/p99 ms", `${percentile(sortedFromAck, 50)}/${percentile(sortedFromAck, 99)}`, '', ''],
  ] as const;
  log.info(
    `bench:pipeline (${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${LOCAL_DOCS} local writes, ${backlog} backlog changes, ${total} steady documents)`,
  );
  for (const [what, value, target, met] of rows)
    process.stdout.write(`${what.padEnd(42)} ${value.padStart(8)}  ${target.padEnd(7)} ${met === '' ? '' : met ? 'met' : 'NOT MET'}\n`);
} finally {
  clearTimeout(deadline);
  stop.abort();
  await project.cleanup();
}
