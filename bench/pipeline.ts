/**
 * bench/pipeline: the guard pipeline's figures with the workers running as the stack's workers member (its own lab
 * project, ports +3200, brought up by `checklist --resume` alone), against the targets of issue 17:
 *   (a) observer local writes/s: seal (AES-256-GCM) + insert into the LevelDB store, sealed and unsealed rounds
 *       interleaved in this process (what encryption costs): sealed/unsealed ≥ 0.85;
 *   (b) change → Kafka latency at a steady 1,000 docs/s for 30 s, written as the observer's replication writes
 *       (_bulk_docs every 50 ms): from sending the write to CouchDB until an independent consumer holds the
 *       member's record (so it includes CouchDB's write and the consumer's fetch), p50/p99 (p99 ≤ 100 ms);
 *   (c) listener catch-up: the member stopped (`docker stop`), 20,000 documents written, the member started: the
 *       rate at which its listener publishes the backlog, from the records' own timestamps (first → last, as the
 *       producer stamped them), and the wall time from `docker start` to the last record (≥ 5,000 changes/s).
 * Everything is counted by an independent Kafka consumer, never from the workers' own counters. Bounded: fixed
 * counts, every wait has a deadline. Run under the lab lock: flock /tmp/rocketctl-docker.lock npm run bench:pipeline
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Kafka, logLevel } from 'kafkajs';
import { createCouchClient } from '../src/clients/couch-client.js';
import { couchEndpointFor, couchUser } from '../src/clients/couch-endpoint.js';
import { loadConfig } from '../src/config/load.js';
import { containerName } from '../src/docker/labels.js';
import { ensureSecrets } from '../src/secrets/secrets.js';
import { retry } from '../src/shared/retry.js';
import { createLogger, silentLogger } from '../src/shared/log.js';
import { WORKERS_MEMBER } from '../src/workers/descriptors.js';
import { keyId, seal } from '../src/workers/observer/envelope.js';
import { syntheticFrame } from '../src/workers/observer/source.js';
import { openObserverStore } from '../src/workers/observer/store.js';
import { rocketctl } from '../test/support/cli.js';
import { createLabProject } from '../test/support/lab-project.js';

const LOCAL_DOCS = 20_000;
const LOCAL_ROUNDS = 3;
const CATCH_UP_DOCS = 20_000;
const STEADY_RATE = 1000;
const STEADY_SECONDS = 30;
const PORT_OFFSET = 3200;
const TARGETS = { sealedRatio: 0.85, catchUpPerSecond: 5000, p99Ms: 100 };

const key = (() => {
  const raw = randomBytes(32);
  return { id: keyId(raw), key: raw };
})();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
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

// (a) interleaved, so a slow spell of the machine falls on both sides.
const sealedRounds: number[] = [];
const plainRounds: number[] = [];
for (let round = 0; round < LOCAL_ROUNDS; round++) {
  sealedRounds.push(await localWrites(true));
  plainRounds.push(await localWrites(false));
}
const sealedWrites = median(sealedRounds);
const plainWrites = median(plainRounds);

// BENCH_PROJECT_DIR: a lab project already at 100% with its workers member (nothing is started or removed then).
const given = process.env.BENCH_PROJECT_DIR;
const project = given
  ? { dir: given, cleanup: async () => undefined }
  : await createLabProject(
      'rocketctl-pipe-bench',
      `{ services: { cassandra: { enabled: false }, postgres: { enabled: false } }, workers: { telemetry: { port: ${8480 + PORT_OFFSET} } } }`,
      { portOffset: PORT_OFFSET },
    );
const stop = new AbortController();
const deadline = setTimeout(() => stop.abort(), 900_000);
const run = randomBytes(3).toString('hex');
try {
  if (!given) {
    const resume = await rocketctl(['checklist', '--resume'], { cwd: project.dir });
    if (resume.exitCode !== 0) throw new Error(`checklist --resume failed (is the lab built? npm run lab):\n${resume.stdout}\n${resume.stderr}`);
  }
  const config = await loadConfig({ cwd: project.dir, env: {} });
  const secrets = await ensureSecrets({ config, env: {}, log: silentLogger });
  const log = createLogger();
  const member = containerName(config.project, WORKERS_MEMBER);
  const couch = createCouchClient(await couchEndpointFor(config), couchUser(secrets, 'observer_writer'), { signal: stop.signal });
  const bulk = async (docs: ReturnType<typeof doc>[]) => {
    const response = await couch.request({ method: 'POST', path: '/telemetry/_bulk_docs', body: { docs }, timeoutMs: 60_000 });
    if (response.status !== 201) throw new Error(`_bulk_docs answered ${response.status}`);
  };

  // An independent consumer at the end of the feed: what it holds is what the member published.
  const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
  const kafka = new Kafka({
    brokers: [`${config.bindAddress}:${config.services.kafka.ports.tls}`],
    ssl: { ca: [ca], minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: 'admin', password: secrets.get('KAFKA_ADMIN_PASSWORD') },
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `rocketctl-bench-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 10 });
  // Wall-clock times (Date.now): the record's own timestamp (set by the member's producer at send) is comparable.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  // The steady run's latencies by when each write was sent, 5 s apart: a stall shows as one window, a slow feed as all.
  const byWindow: number[][] = Array.from({ length: Math.ceil(STEADY_SECONDS / 5) + 1 }, () => []);
  let steadyStartedAt = Date.now();
  const toSend: number[] = [];
  const ackedAt = new Map<string, number>();
  const fromAck: number[] = [];
  const backlogStamps: number[] = [];
  const backlogSeenAt: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await consumer.subscribe({ topic: 'security-guard-feed', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.key?.toString() ?? '';
      const at = sentAt.get(id);
      if (at !== undefined) {
        latencies.push(Date.now() - at);
        byWindow[Math.floor((at - steadyStartedAt) / 5000)]?.push(Date.now() - at);
        toSend.push(Number(message.timestamp) - at);
        const acked = ackedAt.get(id);
        if (acked !== undefined) fromAck.push(Date.now() - acked);
        sentAt.delete(id);
      } else if (id.startsWith(`obs-backlog${run}-`)) {
        backlogStamps.push(Number(message.timestamp));
        backlogSeenAt.push(Date.now());
      }
    },
  });
  await retry(async () => (joined ? undefined : Promise.reject(new Error('not joined'))), {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'the bench consumer joining',
  });

  // (b) steady stream through the running member.
  const total = STEADY_RATE * STEADY_SECONDS;
  const started = performance.now();
  steadyStartedAt = Date.now();
  const writes: Promise<unknown>[] = [];
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
    timeoutMs: 120_000,
    intervalMs: 100,
    what: 'the steady stream reaching the consumer',
  });
  const achievedRate = total / ((performance.now() - started) / 1000);

  // (c) catch-up: the member away while the backlog is written, then started again.
  await execa('docker', ['stop', '--time', '20', member], { timeout: 60_000 });
  for (let n = 0; n < CATCH_UP_DOCS; n += 1000) {
    await bulk(Array.from({ length: 1000 }, (_, i) => doc(`obs-backlog${run}-${String(n + i).padStart(12, '0')}`, true)));
  }
  const startedAt = Date.now();
  await execa('docker', ['start', member], { timeout: 60_000 });
  await retry(
    async () =>
      backlogStamps.length >= CATCH_UP_DOCS ? undefined : Promise.reject(new Error(`${backlogStamps.length} of ${CATCH_UP_DOCS} backlog records seen`)),
    { timeoutMs: 300_000, intervalMs: 100, what: 'the member catching up' },
  );
  const stamps = [...backlogStamps].sort((a, b) => a - b);
  const catchUpPerSecond = (CATCH_UP_DOCS - 1) / ((stamps.at(-1)! - stamps[0]!) / 1000);
  const fromStartSeconds = (Math.max(...backlogSeenAt) - startedAt) / 1000;
  await Promise.allSettled([consumer.disconnect(), couch.close()]);

  const sorted = [...latencies].sort((a, b) => a - b);
  const sortedToSend = [...toSend].sort((a, b) => a - b);
  const sortedFromAck = [...fromAck].sort((a, b) => a - b);
  const ratio = sealedWrites / plainWrites;
  const rows = [
    ['observer local writes/s (sealed)', sealedWrites.toFixed(0), '', ''],
    ['  baseline: same inserts unsealed', plainWrites.toFixed(0), '', ''],
    ['  sealed / unsealed', ratio.toFixed(2), `≥ ${TARGETS.sealedRatio}`, ratio >= TARGETS.sealedRatio],
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
    [
      '  p99 ms by 5 s of the run',
      byWindow
        .filter((w) => w.length > 0)
        .map((w) =>
          percentile(
            [...w].sort((a, b) => a - b),
            99,
          ),
        )
        .join('/'),
      '',
      '',
    ],
    [
      `member catch-up changes/s (${CATCH_UP_DOCS} backlog)`,
      catchUpPerSecond.toFixed(0),
      `≥ ${TARGETS.catchUpPerSecond}`,
      catchUpPerSecond >= TARGETS.catchUpPerSecond,
    ],
    ['  docker start → last backlog record s', fromStartSeconds.toFixed(1), '', ''],
  ] as const;
  log.info(
    `bench:pipeline (${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${LOCAL_ROUNDS}×${LOCAL_DOCS} local writes each way, ${total} steady documents, ${CATCH_UP_DOCS} backlog changes)`,
  );
  for (const [what, value, target, met] of rows)
    process.stdout.write(`${what.padEnd(42)} ${value.padStart(8)}  ${target.padEnd(7)} ${met === '' ? '' : met ? 'met' : 'NOT MET'}\n`);
} finally {
  clearTimeout(deadline);
  stop.abort();
  await project.cleanup();
}
