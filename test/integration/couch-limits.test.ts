import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { changesDeadlineMs, createChangesFollower } from '../../src/clients/couch-changes.js';
import { createCouchClient } from '../../src/clients/couch-client.js';
import { couchFetch } from '../../src/clients/couch-fetch.js';
import { selfSignedCert } from '../lab/smoke/self-signed-cert.js';

// A hostile stand-in for CouchDB, because no real CouchDB does this on purpose: answers larger than anything
// rocketctl asks for, a long poll that only ever sends heartbeats, results dripped without end.
const CAP = 64 * 1024;
let dir: string;
let server: https.Server;
let port: number;
let ca: string;
const timers = new Set<NodeJS.Timeout>();
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-couch-limits-'));
  const cert = await selfSignedCert(dir);
  ca = cert.pem;
  server = https.createServer({ cert: cert.pem, key: await readFile(cert.keyFile) }, (req, res) => {
    const every = (ms: number, write: () => void) => {
      const timer = setInterval(write, ms);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url!.startsWith('/huge')) return void res.end(`{"rows":"${'x'.repeat(CAP * 4)}"}`);
    if (req.url!.startsWith('/hugefeed/')) return void res.end(`{"results":[${'{"seq":1,"id":"a"},'.repeat(CAP / 8)}{"seq":2,"id":"b"}],"last_seq":2}`);
    if (req.url!.startsWith('/quiet/')) return every(100, () => res.write('\n'));
    if (req.url!.startsWith('/drip/')) {
      res.write('{"results":[');
      return every(100, () => res.write(' '));
    }
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const client = () =>
  createCouchClient(
    { host: '127.0.0.1', port, servername: 'localhost', ca },
    { username: 'replicator', password: 'x'.repeat(16) },
    { signal: new AbortController().signal, maxResponseBytes: CAP },
  );
const capError = /the answer is larger than 64 KiB, the most rocketctl reads of one answer/;

test('a CouchDB answer beyond the cap is refused with the cap named: request(), the PouchDB fetch and _changes', async () => {
  const couch = client();
  try {
    await assert.rejects(couch.request({ path: '/huge' }), capError);
    await assert.rejects(couchFetch(couch, 5000)(`https://127.0.0.1:${port}/huge`), capError);
    const changes = createChangesFollower(couch, { database: 'hugefeed', limit: 10, includeDocs: true, heartbeatMs: 100 });
    await assert.rejects(
      changes.next(0, new AbortController().signal),
      (e: unknown) => capError.test((e as Error).message) && /batchSize/.test((e as { hint?: string }).hint ?? ''),
    );
  } finally {
    await couch.close();
  }
});

// The test's own timeout turns a poll that never ends (the defect) into a failure instead of a hang.
test('_changes: a poll that only ever gets heartbeats ends at its deadline as an empty batch from the same seq', { timeout: 10_000 }, async () => {
  const couch = client();
  try {
    const changes = createChangesFollower(couch, { database: 'quiet', limit: 10, includeDocs: true, heartbeatMs: 100, deadlineMs: 1500 });
    const started = Date.now();
    const batch = await changes.next(42, new AbortController().signal);
    assert.deepEqual(batch, { results: [], lastSeq: 42 });
    const ms = Date.now() - started;
    assert.ok(ms >= 1400 && ms < 3000, `ended after ${ms} ms`);
  } finally {
    await couch.close();
  }
});

test('_changes: results dripped without end fail at the deadline, with the reason', { timeout: 10_000 }, async () => {
  const couch = client();
  try {
    const changes = createChangesFollower(couch, { database: 'drip', limit: 10, includeDocs: true, heartbeatMs: 100, deadlineMs: 1500 });
    const started = Date.now();
    await assert.rejects(changes.next(0, new AbortController().signal), /CouchDB did not finish its _changes answer within 1\.5 s/);
    assert.ok(Date.now() - started < 3000, `failed after ${Date.now() - started} ms`);
  } finally {
    await couch.close();
  }
});

test('the default _changes deadline outlasts the long-poll wait it asks for and the silence it allows', () => {
  for (const heartbeatMs of [500, 5000, 60_000]) {
    const deadline = changesDeadlineMs({ heartbeatMs, limit: 500 });
    assert.ok(deadline > heartbeatMs * 6 + heartbeatMs * 3 + 1000, `${deadline} ms for a ${heartbeatMs} ms heartbeat`);
  }
  assert.ok(changesDeadlineMs({ heartbeatMs: 5000, limit: 10_000 }) > changesDeadlineMs({ heartbeatMs: 5000, limit: 500 }), 'a larger batch gets longer');
});
