import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createChangesFollower, CouchRefusedError } from '../../src/clients/couch-changes.js';
import { createCouchClient } from '../../src/clients/couch-client.js';
import { selfSignedCert } from '../lab/smoke/self-signed-cert.js';

// A stand-in HTTPS server, because what it does here no real CouchDB does on purpose, or not on cue: go silent
// (a dead peer or a broken path), refuse with a chosen status, write changes at chosen moments and count the
// requests. The happy path runs against the lab's CouchDB-protocol server in test/e2e/pipeline.e2e.test.ts.
let dir: string;
let server: https.Server;
let port: number;
let ca: string;
const feedRequests: string[] = [];
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-changes-'));
  const cert = await selfSignedCert(dir);
  ca = cert.pem;
  server = https.createServer({ cert: cert.pem, key: await readFile(cert.keyFile) }, (req, res) => {
    if (req.url!.startsWith('/silent/')) return void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    if (req.url!.startsWith('/heartbeats/')) {
      res.writeHead(200);
      const beat = setInterval(() => res.write('\n'), 100);
      res.on('close', () => clearInterval(beat));
      return void setTimeout(() => res.write('{"seq":5,"id":"a","changes":[{"rev":"1-x"}],"doc":{"type":"telemetry"}}\n'), 1500);
    }
    if (req.url!.startsWith('/stream/')) {
      // 25 changes at once (one of them split across two writes), then one more 300 ms later, on one open feed.
      feedRequests.push(req.url!);
      res.writeHead(200);
      const line = (seq: number) => `{"seq":${seq},"id":"doc-${seq}","doc":{"type":"telemetry"}}\n`;
      const first = Array.from({ length: 25 }, (_, i) => line(i + 1)).join('');
      res.write(first.slice(0, 100));
      res.write(first.slice(100));
      const later = setTimeout(() => res.write(line(26)), 300);
      return void res.on('close', () => clearTimeout(later));
    }
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized","reason":"Name or password is incorrect."}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const follower = (database: string) => {
  const client = createCouchClient(
    { host: '127.0.0.1', port, servername: 'localhost', ca },
    { username: 'replicator', password: 'x'.repeat(16) },
    { signal: new AbortController().signal },
  );
  return { client, changes: createChangesFollower(client, { database, limit: 10, includeDocs: true, heartbeatMs: 100 }) };
};

test('_changes follower: one continuous feed; at most limit per batch; a new change comes without a new request; another since reopens there', async () => {
  const { client, changes } = follower('stream');
  const signal = new AbortController().signal;
  const ids = async (since: number) => (await changes.next(since, signal)).results.map((c) => Number(c.id.slice(4)));
  assert.deepEqual(await ids(0), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(await ids(10), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  assert.deepEqual(await ids(20), [21, 22, 23, 24, 25]);
  const waited = Date.now();
  assert.deepEqual(await ids(25), [26]);
  assert.ok(Date.now() - waited < 1000, `the change written 300 ms later came after ${Date.now() - waited} ms`);
  assert.equal(feedRequests.length, 1, 'all of it on one request');
  assert.match(feedRequests[0]!, /feed=continuous&since=0&include_docs=true&heartbeat=100/);
  // Asked from elsewhere (a retry from an older checkpoint): a new request from there (the stand-in replays from its start).
  assert.deepEqual(await ids(3), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(feedRequests.length, 2);
  assert.match(feedRequests[1]!, /since=3&/);
  changes.close();
  await client.close();
});

test('_changes follower: heartbeats keep a long wait alive; its batch and last_seq come back', async () => {
  const { client, changes } = follower('heartbeats');
  const batch = await changes.next(0, new AbortController().signal);
  assert.deepEqual([batch.results.map((c) => c.id), batch.lastSeq], [['a'], 5]);
  changes.close();
  await client.close();
});

test('_changes follower: a server that goes silent is given up after three missed heartbeats, with the reason', async () => {
  const { client, changes } = follower('silent');
  const started = Date.now();
  await assert.rejects(changes.next(0, new AbortController().signal), /CouchDB sent nothing on _changes for 1.3 s \(not even a heartbeat\)/);
  assert.ok(Date.now() - started < 3000);
  await client.close();
});

test('_changes follower: a refusal is a CouchRefusedError naming the user and the fix; the signal ends a wait at once', async () => {
  const { client, changes } = follower('telemetry');
  await assert.rejects(
    changes.next(0, new AbortController().signal),
    (e: unknown) =>
      e instanceof CouchRefusedError &&
      /401 to replicator's _changes request on telemetry: unauthorized/.test(e.message) &&
      /rocketctl seed/.test(e.hint ?? ''),
  );
  const silent = follower('heartbeats');
  const stop = new AbortController();
  const held = silent.changes.next(0, stop.signal).catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const aborted = Date.now();
  stop.abort();
  assert.ok(!('results' in Object(await held)), 'the wait was cut, not answered');
  assert.ok(Date.now() - aborted < 200, `ended ${Date.now() - aborted} ms after the abort`);
  await Promise.all([client.close(), silent.client.close()]);
});
