import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { createLocalPki, type LocalPki } from '../../test/support/fakes/local-tls.js';
import { InterruptedError } from '../shared/errors.js';
import { createSqlClient, type SqlLogin } from './sql.js';

// Local servers stand in for faults a real Postgres cannot be made to show on demand: one that accepts and then
// never answers, and one whose certificate another CA signed. Real logins are tested against the lab's Postgres.
let silent: net.Server;
let impostor: net.Server;
let pki: LocalPki;
let theirs: LocalPki;
const sockets = new Set<net.Socket>();
const login = (server: net.Server, ca: string): SqlLogin => ({
  host: '127.0.0.1',
  port: (server.address() as net.AddressInfo).port,
  servername: 'localhost',
  ca,
  user: 'replicator',
  password: 'not-used-in-these-tests',
  database: 'telemetry',
});

before(async () => {
  [pki, theirs] = await Promise.all([createLocalPki(), createLocalPki()]);
  silent = net.createServer((socket) => void sockets.add(socket));
  // Answers Postgres' SSLRequest with 'S', then presents a certificate from a CA the client does not trust.
  impostor = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => {
      socket.write('S');
      const secure = new tls.TLSSocket(socket, { isServer: true, key: theirs.leaf.keyPem, cert: theirs.leaf.certPem });
      secure.on('error', () => undefined);
    });
  });
  for (const server of [silent, impostor]) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
});
after(() => {
  for (const socket of sockets) socket.destroy();
  silent.close();
  impostor.close();
});

test('an aborted signal: refused before any connection is made', async () => {
  const controller = new AbortController();
  controller.abort();
  const before = sockets.size;
  await assert.rejects(createSqlClient(login(silent, pki.caPem), { signal: controller.signal }), InterruptedError);
  assert.equal(sockets.size, before);
});

test('a server that accepts and never answers: the login fails at its deadline, not later', async () => {
  const started = performance.now();
  await assert.rejects(createSqlClient(login(silent, pki.caPem), { connectTimeoutMs: 300 }));
  const ms = performance.now() - started;
  assert.ok(ms < 2_500, `failed after ${Math.round(ms)} ms`);
});

test('Ctrl-C while the login hangs ends it at once', async () => {
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(createSqlClient(login(silent, pki.caPem), { signal: controller.signal, connectTimeoutMs: 30_000 }), InterruptedError);
  assert.ok(performance.now() - started < 1_000);
});

test('a server whose certificate the project CA did not sign is refused (TLS is verified, not just encrypted)', async () => {
  await assert.rejects(createSqlClient(login(impostor, pki.caPem), { connectTimeoutMs: 2_000 }), /certificate|self.signed|unable to verify/i);
});
