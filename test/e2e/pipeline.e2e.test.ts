import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { retry } from '../../src/shared/retry.js';
import { projectCli } from '../support/cli.js';
import { startRocketctl, type RunningCli } from '../support/cli.js';
import { collectTopic } from '../support/kafka-collector.js';
import { createLabProject } from '../support/lab-project.js';
import { couchRequest, type StoreEndpoint } from '../support/store-clients.js';

const PROJECT = 'rocketctl-pipe-e2e';
// Short back-off, so recoveries show within the test's patience; a 1 s heartbeat on waiting _changes requests. The
// workers run in this test's foreground (`workers start`), so none is the stack's (`enabled: false`: no member).
const OVERRIDES = `{ services: { cassandra: { enabled: false }, postgres: { enabled: false } },
  workers: { telemetry: { enabled: false }, guard: { enabled: false },
    observer: { enabled: false, rate: 100, count: 0, retry: { initialMs: 200, maxMs: 2000 } },
    listener: { enabled: false, heartbeatMs: 1000, sendTimeoutMs: 5000, retry: { initialMs: 200, maxMs: 2000 } } } }`;
type Json = Record<string, any>;

describe("guard pipeline: observer → CouchDB → listener → Kafka → guard, against the lab's real servers; nothing lost", () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  let couch: StoreEndpoint;
  let admin: string;
  let feed: Awaited<ReturnType<typeof collectTopic>>;
  let alerts: Awaited<ReturnType<typeof collectTopic>>;
  let total = 0;
  const cli = projectCli(() => project.dir);
  const secret = async (name: string) => (await cli(['secrets', 'get', name])).stdout.trim();
  const live = new Set<RunningCli>();
  const start = (...names: string[]) => {
    const running = startRocketctl(['workers', 'start', ...names], { cwd: project.dir });
    live.add(running);
    void running.exited.then(() => live.delete(running));
    return running;
  };
  const checkpointFile = () => path.join(project.dir, '.rocketctl', 'workers', 'listener-checkpoint.json');
  const until = <T>(what: string, probe: () => Promise<T>, timeoutMs = 90_000) => retry(probe, { timeoutMs, intervalMs: 250, what });
  const stopped = async (running: RunningCli) => {
    running.signal('SIGINT');
    const exit = await running.exited;
    assert.equal(exit.code, 130, running.stderr);
    return exit;
  };
  /** The observer's documents as CouchDB holds them, read raw as the server admin. */
  const couchDocs = async (): Promise<Json[]> => {
    const { status, json } = await couchRequest(couch, 'GET', '/telemetry/_all_docs?include_docs=true', { auth: admin });
    assert.equal(status, 200);
    return (json.rows as Json[]).filter((row) => row.id.startsWith('obs-')).map((row) => row.doc);
  };
  /** Observer config: `count` documents in all (its ids are numbered, so the next start makes only the rest). */
  const observe = async (more: number) => {
    total += more;
    const file = path.join(project.dir, 'rocketctl.config.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/count: \d+/, `count: ${total}`));
  };
  /** Every one of the `total` documents is in CouchDB (numbered without a gap) and its record is on the feed. */
  const everythingArrived = (timeoutMs?: number) =>
    until(
      `all ${total} documents in CouchDB and on security-guard-feed`,
      async () => {
        const ids = (await couchDocs()).map((d) => d._id as string).sort();
        if (ids.length !== total) throw new Error(`${ids.length} of ${total} in CouchDB`);
        const missing = feed.missing(ids);
        if (missing.length > 0) throw new Error(`${missing.length} not on the feed (e.g. ${missing[0]})`);
        return ids;
      },
      timeoutMs,
    );
  const workerStatus = async (name: string) => ((JSON.parse((await cli(['workers', 'status', name, '--json'])).stdout) as Json).workers as Json[])[0]!;

  before(async () => {
    project = await createLabProject(PROJECT, OVERRIDES, { portOffset: 3000 });
    for (const args of [['up'], ['seed'], ['kafka', 'scram'], ['kafka', 'topics'], ['kafka', 'acls']]) {
      const result = await cli(args);
      assert.equal(result.exitCode, 0, `${args.join(' ')}: ${result.stderr}`);
    }
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { services: Array<{ name: string; endpoints: Record<string, string> }> };
    const endpoint = (name: string, key: string) => status.services.find((s) => s.name === name)!.endpoints[key]!;
    const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
    const [host, port] = endpoint('couchdb', 'https').split(':');
    couch = { host: host!, port: Number(port), ca, servername: 'couchdb' };
    admin = `admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`;
    const kafka = { broker: endpoint('kafka', 'tls'), ca, password: await secret('KAFKA_ADMIN_PASSWORD') };
    feed = await collectTopic({ ...kafka, topic: 'security-guard-feed' });
    alerts = await collectTopic({ ...kafka, topic: 'telemetry-alerts' });
  });
  // A failed test must not leave its workers running into the next one.
  afterEach(async () => {
    for (const running of live) running.signal('SIGINT');
    await Promise.all([...live].map((running) => running.exited));
  });
  after(async () => {
    await Promise.allSettled([feed?.close(), alerts?.close()]);
    await project?.cleanup();
  });

  test('end to end: N documents reach CouchDB encrypted (no payload field anywhere) and N metadata records reach Kafka', async (t) => {
    await observe(200);
    const running = start('observer', 'listener', 'guard');
    const ids = await everythingArrived();
    assert.deepEqual(
      ids.map((id) => Number(id.slice(-12))),
      [...Array(200).keys()],
      'numbered 0..199 without a gap',
    );
    const status = JSON.parse((await cli(['workers', 'status', 'observer', 'listener', 'guard', '--json'])).stdout) as Json;
    assert.deepEqual(
      status.workers.map((w: Json) => [w.name, w.state, w.healthy]),
      [
        ['observer', 'running', true],
        ['listener', 'running', true],
        ['guard', 'running', true],
      ],
      JSON.stringify(status),
    );
    const exit = await stopped(running);
    t.diagnostic(`workers start exited 130 ${exit.msAfterSignal!.toFixed(0)} ms after SIGINT`);

    const docs = await couchDocs();
    for (const doc of docs) {
      assert.deepEqual(Object.keys(doc).sort(), ['_id', '_rev', 'enc', 'ts', 'type']);
      assert.deepEqual(Object.keys(doc.enc).sort(), ['alg', 'ct', 'iv', 'kid', 'v']);
    }
    // The plaintext, read back on purpose by the operator command, must not appear in any raw document.
    const raw = JSON.stringify(docs);
    for (const id of [ids[0]!, ids[99]!, ids[199]!]) {
      const decrypted = await cli(['observer', 'decrypt', id, '--from', 'couchdb']);
      assert.equal(decrypted.exitCode, 0, decrypted.stderr);
      const { payload } = (JSON.parse(decrypted.stdout) as Json).verified;
      assert.match(payload.crew_note, /^frame-[0-9a-f]{12}$/);
      for (const [field, value] of Object.entries(payload as Json)) {
        assert.equal(raw.includes(`"${field}"`), false, `field ${field} appears in CouchDB`);
        if (typeof value === 'string') assert.equal(raw.includes(value), false, `value ${value} appears in CouchDB`);
      }
    }
    for (const record of ids.flatMap((id) => feed.byKey.get(id)!)) {
      const value = JSON.parse(record.value) as Json;
      assert.deepEqual(Object.keys(value).sort(), ['id', 'seq', 'ts', 'type'], 'metadata only, never the payload');
      assert.equal(record.key, value.id, 'keyed by document id');
    }
    const checkpoint = JSON.parse(await readFile(checkpointFile(), 'utf8')) as Json;
    assert.ok(checkpoint.published >= 200, JSON.stringify(checkpoint));
    assert.equal((await stat(checkpointFile())).mode & 0o777, 0o600);
    // Only telemetry replicates (by selector): the observer's local journal stays local.
    const journal = /journal (journal-\S+)/.exec(running.stderr)![1]!;
    const local = await cli(['observer', 'decrypt', journal, '--from', 'local']);
    assert.equal(local.exitCode, 0, local.stderr);
    assert.equal((JSON.parse(local.stdout) as Json).verified.payload.event, 'started');
    assert.equal((await couchRequest(couch, 'GET', `/telemetry/${journal}`, { auth: admin })).status, 404);
    assert.equal(existsSync(path.join(project.dir, '.rocketctl', 'workers', 'listener.json')), false, 'runtime files removed on exit');
    t.diagnostic(`${feed.duplicates(ids)} duplicate record(s)`);
  });

  test('the listener SIGKILLed mid-stream and restarted: 0 of N lost, duplicates counted', async (t) => {
    await observe(600);
    const observer = start('observer');
    const listener = start('listener');
    await until('the stream under way', async () => (feed.byKey.size >= 350 ? true : Promise.reject(new Error(`${feed.byKey.size} on the feed`))));
    listener.signal('SIGKILL');
    assert.equal((await listener.exited).signal, 'SIGKILL');
    assert.equal((await workerStatus('listener')).state, 'stale');
    const restarted = start('listener');
    const ids = await everythingArrived();
    t.diagnostic(`${ids.length} documents, 0 lost, ${feed.duplicates(ids)} duplicate record(s) after SIGKILL`);
    await Promise.all([stopped(observer), stopped(restarted)]);
  });

  test('Kafka stopped for 20 s mid-stream, then started: 0 of N lost', async (t) => {
    await observe(1500);
    const file = path.join(project.dir, 'rocketctl.config.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace('rate: 100', 'rate: 50'));
    const running = start('observer', 'listener');
    const before = feed.byKey.size;
    await until('the stream under way', async () => (feed.byKey.size >= before + 100 ? true : Promise.reject(new Error('not yet'))));
    await execa('docker', ['stop', `${PROJECT}-kafka`]);
    const stoppedAt = Date.now();
    const during = await until(
      'the listener reports Kafka unavailable',
      async () => {
        const listener = await workerStatus('listener');
        return /Kafka unavailable/.test(listener.detail) ? listener : Promise.reject(new Error(listener.detail));
      },
      20_000,
    );
    assert.equal(during.healthy, false);
    const checkpointDuring = await readFile(checkpointFile(), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20_000 - (Date.now() - stoppedAt))));
    assert.equal(await readFile(checkpointFile(), 'utf8'), checkpointDuring, 'nothing checkpointed while Kafka was down');
    await execa('docker', ['start', `${PROJECT}-kafka`]);
    const ids = await everythingArrived(150_000);
    t.diagnostic(`${ids.length} documents, 0 lost, ${feed.duplicates(ids)} duplicate record(s) across the outage`);
    // Kafka can take a send that then times out on the client (the records arrive, the send is retried): the
    // listener reports itself healthy after that retry's back-off, up to its cap (10 s) plus jitter (30%), and a
    // heartbeat of the runtime file later.
    await until(
      'the listener healthy again',
      async () => {
        const listener = await workerStatus('listener');
        return listener.healthy ? true : Promise.reject(new Error(listener.detail));
      },
      30_000,
    );
    await stopped(running);
  });

  test('CouchDB stopped while the observer writes: it buffers locally, then syncs everything', async (t) => {
    await observe(500);
    const running = start('observer', 'listener');
    const before = (await couchDocs()).length;
    await until('the stream under way', async () => ((await couchDocs()).length >= before + 50 ? true : Promise.reject(new Error('not yet'))));
    await execa('docker', ['stop', `${PROJECT}-couchdb`]);
    const offline = await until(
      'the observer reports CouchDB unreachable',
      async () => {
        const observer = await workerStatus('observer');
        return /CouchDB unreachable/.test(observer.detail) ? observer : Promise.reject(new Error(observer.detail));
      },
      20_000,
    );
    await until('the observer still writing while offline', async () => {
      const written = (await workerStatus('observer')).metrics.written as number;
      return written >= offline.metrics.written + 100 ? written : Promise.reject(new Error(`${written} written`));
    });
    await execa('docker', ['start', `${PROJECT}-couchdb`]);
    const ids = await everythingArrived(120_000);
    t.diagnostic(`${ids.length} documents, 0 lost, ${feed.duplicates(ids)} duplicate record(s)`);
    await stopped(running);
  });

  test('a wrong Kafka password: a clear error and exit 1, nothing checkpointed; the right one then publishes everything', async () => {
    await observe(100);
    const observer = start('observer');
    await until('the new documents in CouchDB', async () => ((await couchDocs()).length === total ? true : Promise.reject(new Error('not yet'))));
    await stopped(observer);
    const before = { text: await readFile(checkpointFile(), 'utf8'), mtime: (await stat(checkpointFile())).mtimeMs };
    const wrong = await cli(['workers', 'start', 'listener'], { env: { ROCKETCTL_KAFKA_GUARD_PRODUCER_PASSWORD: 'a-wrong-password-123456' } });
    assert.equal(wrong.exitCode, 1, wrong.stderr);
    assert.match(wrong.stderr, /Kafka refused the login of guard-producer .*SASL\/SCRAM-SHA-512 authentication failed/);
    assert.match(wrong.stderr, /fix: .*rocketctl kafka scram --user guard-producer/);
    assert.deepEqual({ text: await readFile(checkpointFile(), 'utf8'), mtime: (await stat(checkpointFile())).mtimeMs }, before);
    assert.ok(feed.missing((await couchDocs()).map((d) => d._id)).length > 0, 'the new documents were not published');
    const listener = start('listener');
    await everythingArrived();
    await stopped(listener);
  });

  test('tampering: a modified ciphertext or a document moved to another id fails to decrypt; the guard raises alerts', async () => {
    const docs = await couchDocs();
    // The guard last ran in the first test: the records of the later tests are new to it, so it sees this one's first record.
    const victim = docs.at(-1)!;
    const moved = docs[3]!;
    const put = (id: string, body: Json) => couchRequest(couch, 'PUT', `/telemetry/${id}`, { auth: admin, body });
    const ct = Buffer.from(victim.enc.ct, 'base64');
    ct[0] = ct[0]! ^ 0x01;
    assert.equal(
      (await put(victim._id, { ...victim, enc: { ...victim.enc, ct: ct.toString('base64') } })).status,
      201,
      'a server admin bypasses the validation function',
    );
    assert.equal((await put('obs-moved-000000000001', { type: 'telemetry', ts: moved.ts, enc: moved.enc })).status, 201);
    assert.equal((await put('rogue-1', { type: 'rogue', ts: Date.now() })).status, 201);

    const modified = await cli(['observer', 'decrypt', victim._id, '--from', 'couchdb']);
    assert.equal(modified.exitCode, 1);
    assert.match(modified.stderr, new RegExp(`document ${victim._id} fails authentication: its ciphertext, nonce or key id was modified`));
    const relocated = await cli(['observer', 'decrypt', 'obs-moved-000000000001', '--from', 'couchdb']);
    assert.equal(relocated.exitCode, 1);
    assert.match(relocated.stderr, /obs-moved-000000000001 fails authentication: .*or it was moved here from another document id/);
    assert.equal((await cli(['observer', 'decrypt', victim._id, '--from', 'local'])).exitCode, 0, "the observer's own copy is intact");

    const running = start('listener', 'guard');
    const raised = await until("the guard's alerts on telemetry-alerts", async () => {
      const rules = alerts.records.map((r) => JSON.parse(r.value) as Json);
      const changed = rules.find((a) => a.rule === 'document-changed' && a.id === victim._id);
      const rogue = rules.find((a) => a.rule === 'unknown-type' && a.id === 'rogue-1');
      return changed && rogue ? { changed, rogue } : Promise.reject(new Error(`alerts so far: ${rules.map((a) => a.rule).join(', ') || 'none'}`));
    });
    assert.match(raised.changed.detail, /changed in CouchDB .*insert-only/);
    assert.deepEqual(Object.keys(raised.rogue).sort(), ['at', 'detail', 'id', 'rule', 'seq']);
    await stopped(running);
  });

  test("with the telemetry worker in the same process, the observer seals the flight model's frames instead of its own", async () => {
    const before = (await couchDocs()).length;
    const running = startRocketctl(['workers', 'start', 'telemetry', 'observer', '--port', '0'], { cwd: project.dir });
    live.add(running);
    await until('frames replicated', async () => ((await couchDocs()).length >= before + 20 ? true : Promise.reject(new Error('not yet'))));
    await stopped(running);
    assert.match(running.stderr, /observer: instance \S+, key \S+, source telemetry-feed/);
    const newest = (await couchDocs()).filter((d) => !d._id.startsWith('obs-moved')).at(-1)!;
    const decrypted = await cli(['observer', 'decrypt', newest._id, '--from', 'couchdb']);
    assert.equal(decrypted.exitCode, 0, decrypted.stderr);
    const { verified, unverified } = JSON.parse(decrypted.stdout) as Json;
    assert.equal(typeof verified.payload.flight, 'number');
    assert.match(verified.payload.phase, /^(pre-launch|ascent|coast|descent|landing|landed)$/);
    assert.equal(unverified.ts, verified.payload.ts, "the frame's own time stamps the document");
  });
});
