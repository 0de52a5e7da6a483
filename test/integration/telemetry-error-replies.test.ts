import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/shared/log.js';
import { createFeed } from '../../src/workers/feed.js';
import { createTelemetryServer, type TelemetryServer } from '../../src/workers/telemetry/server/telemetry-server.js';
import { rawRequest, upgradeRequest, type RawAnswer } from '../support/raw-http.js';

type Json = Record<string, any>;

// Raw requests, because most of these never reach Fastify: node's HTTP layer answers them itself (no Host,
// Expect, headers too large, a malformed or too slow request), and no HTTP client would send them.
describe('telemetry server: every error is JSON with the security headers, whoever answers it', () => {
  let server: TelemetryServer;
  let host: string;
  const longId = '9'.repeat(5000);
  before(async () => {
    const limits = { requestTimeoutMs: 500 };
    server = await createTelemetryServer({ host: '127.0.0.1', port: 0, frames: createFeed<unknown>(), rateHz: 10, log: silentLogger, limits });
    host = new URL(server.url).host;
  });
  after(() => server.close());

  const get = (path: string, headers: string[] = []) => [`GET ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...headers, '', ''].join('\r\n');
  const cases = (): Array<[string, string, number]> => [
    ['GET /ws without an upgrade', get('/ws'), 426],
    ['an upgrade without Sec-WebSocket-Key', upgradeRequest(server.url, '/ws', { 'sec-websocket-key': '' }).replace('sec-websocket-key: \r\n', ''), 400],
    ['an upgrade to h2c', upgradeRequest(server.url, '/ws', { upgrade: 'h2c' }), 400],
    ['an upgrade with a malformed Sec-WebSocket-Protocol', upgradeRequest(server.url, '/ws', { 'sec-websocket-protocol': 'a b' }), 400],
    ['a POST upgrade', upgradeRequest(server.url, '/ws').replace(/^GET/, 'POST'), 405],
    ['no Host header', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n', 400],
    ['Expect: foo', get('/healthz', ['Expect: foo']), 417],
    ['headers too large', get('/healthz', [`X-Big: ${'a'.repeat(20_000)}`]), 431],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
    ['headers that never end (request timeout)', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: a`, 408],
    ['a path segment over the parameter limit', get(`/api/actions/${longId}`), 400],
    ['an unknown route with a long path', get(`/nope/${longId}`), 404],
  ];

  const assertJsonError = (answer: RawAnswer, status: number, what: string) => {
    assert.equal(answer.status, status, `${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
    assert.match(answer.headers['content-type'] ?? '', /^application\/json/, `${what}: content-type`);
    const body = JSON.parse(answer.body) as Json;
    assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'statusCode'], what);
    assert.equal(body.statusCode, status, what);
    assert.ok(typeof body.message === 'string' && body.message.length > 10, `${what}: a message`);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
    assert.equal(answer.headers['x-frame-options'], 'DENY', `${what}: DENY`);
    assert.equal(answer.headers['cache-control'], 'no-store', `${what}: no-store`);
    assert.match(answer.headers['content-security-policy'] ?? '', /default-src 'self'.*frame-ancestors 'none'/, `${what}: CSP`);
  };

  test('answered by node, by the WebSocket plugin, by ws or by Fastify: the same JSON shape and headers', async () => {
    for (const [what, request, status] of cases()) {
      const answer = await rawRequest(server.url, request, { timeoutMs: 5000 });
      answer.socket.destroy();
      assertJsonError(answer, status, what);
    }
  });

  test('no error echoes the URL it was sent', async () => {
    for (const path of [`/api/actions/${longId}`, `/nope/${longId}`]) {
      const answer = await rawRequest(server.url, get(path));
      assert.ok(answer.body.length < 300, `${answer.body.length} bytes answering a ${path.length}-character path`);
      assert.equal(answer.body.includes('9'.repeat(20)), false, answer.body);
    }
  });
});
