import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createChangesFollower, CouchRefusedError } from '../../src/clients/couch-changes.js';
import { createCouchClient } from '../../src/clients/couch-client.js';
import { selfSignedCert } from '../lab/smoke/self-signed-cert.js';

// A stand-in HTTPS server, because what it does here no real CouchDB does on purpose: go silent mid-request
// (a dead peer or a broken path) and refuse with a chosen status. The happy path runs against the lab's
// CouchDB-protocol server in test/e2e/pipeline.e2e.test.ts.
let dir: string;
let server: https.Server;
let port: number;
let ca: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-changes-'));
  const cert = await selfSignedCert(dir);
  ca = cert.pem;
  server = https.createServer({ cert: cert.pem, key: await readFile(cert.keyFile) }, (req, res) => {
    if (req.url!.startsWith('/silent/')) return void res.writeHead(200, { 'content-type': 'application/json' }).write('{"results":[\n');
    if (req.url!.startsWith('/heartbeats/')) {
      res.writeHead(200);
      const beat = setInterval(() => res.write('\n'), 100);
      return void setTimeout(() => (clearInterval(beat), res.end('{"results":[{"seq":5,"id":"a","doc":{"type":"telemetry"}}],"last_seq":5}')), 1500);
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

test('_changes follower: heartbeats keep a long wait alive; its batch and last_seq come back', async () => {
  const { client, changes } = follower('heartbeats');
  const batch = await changes.next(0, new AbortController().signal);
  assert.deepEqual([batch.results.map((c) => c.id), batch.lastSeq], [['a'], 5]);
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
