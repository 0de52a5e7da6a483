import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { InterruptedError } from '../shared/errors.js';
import { createCqlClient, cqlLiteral, type CqlEndpoint } from './cql.js';

// A local server that accepts and never answers stands in for a hung node (a fault a real Cassandra cannot be
// made to show on demand); real logins are tested against the lab's Cassandra.
let silent: net.Server;
const sockets = new Set<net.Socket>();
const endpoint = (): CqlEndpoint => ({ host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port, ca: 'unused', servername: 'cassandra' });
const credentials = { username: 'replicator', password: 'not-used-in-these-tests' };

before(async () => {
  silent = net.createServer((socket) => void sockets.add(socket));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
});
after(() => {
  for (const socket of sockets) socket.destroy();
  silent.close();
});

test('an aborted signal: refused before any connection is made', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(createCqlClient(endpoint(), credentials, { signal: controller.signal }), InterruptedError);
  assert.equal(sockets.size, 0);
});

test('a node that accepts and never answers: the login fails within its deadline', async () => {
  const started = performance.now();
  await assert.rejects(createCqlClient(endpoint(), credentials, { connectTimeoutMs: 300 }));
  const ms = performance.now() - started;
  assert.ok(ms < 3_000, `failed after ${Math.round(ms)} ms`);
});

test('Ctrl-C while the login hangs ends it promptly', async () => {
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(createCqlClient(endpoint(), credentials, { signal: controller.signal, connectTimeoutMs: 30_000 }), InterruptedError);
  assert.ok(performance.now() - started < 1_500, `${Math.round(performance.now() - started)} ms`);
});

test('CQL literals double their quotes', () => {
  assert.equal(cqlLiteral("it's"), "'it''s'");
  assert.equal(cqlLiteral("''"), "''''''");
});
