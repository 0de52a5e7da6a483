import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/shared/log.js';
import { createFeed } from '../../src/workers/feed.js';
import { createTelemetryServer, type TelemetryServer } from '../../src/workers/telemetry/server/telemetry-server.js';
import { rawRequest } from '../support/raw-http.js';

// The documented timeout is 10 s, lowered to 1 s here. Node answers a timed-out request only at its next
// connection check (every 30 s by default): the window below tells a deadline kept from one checked late.
const TIMEOUT_MS = 1000;
const WINDOW = { from: TIMEOUT_MS - 50, to: TIMEOUT_MS + 500 };

describe('telemetry server: a request that arrives too slowly is answered 408 at its deadline', () => {
  let server: TelemetryServer;
  let host: string;
  before(async () => {
    const limits = { requestTimeoutMs: TIMEOUT_MS };
    server = await createTelemetryServer({ host: '127.0.0.1', port: 0, frames: createFeed<unknown>(), rateHz: 10, log: silentLogger, limits });
    host = new URL(server.url).host;
  });
  after(() => server.close());

  const assertOnTime = (status: number, started: number) => {
    const ms = performance.now() - started;
    assert.equal(status, 408);
    assert.ok(ms >= WINDOW.from && ms < WINDOW.to, `answered after ${ms.toFixed(0)} ms, expected ${WINDOW.from}-${WINDOW.to} ms`);
  };

  test('headers that never end: 408 at the deadline', async () => {
    const started = performance.now();
    const answer = await rawRequest(server.url, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: a`, { timeoutMs: 5000 });
    assertOnTime(answer.status, started);
  });

  test('a body dripped a byte every 100 ms: 408 at the deadline although bytes keep coming', async () => {
    let drip: NodeJS.Timeout | undefined;
    const started = performance.now();
    const answer = await rawRequest(
      server.url,
      `POST /api/actions/1/trigger HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      { timeoutMs: 5000, onSocket: (socket) => (drip = setInterval(() => socket.write(' '), 100)) },
    );
    clearInterval(drip);
    assertOnTime(answer.status, started);
  });
});
