import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import { silentLogger } from '../../src/shared/log.js';
import { createFeed } from '../../src/workers/feed.js';
import { createTelemetryServer } from '../../src/workers/telemetry/server/telemetry-server.js';
import { rawRequest, upgradeRequest } from '../support/raw-http.js';
import { openWs } from '../support/ws-client.js';

type Json = Record<string, any>;

const startServer = (maxClients: number) =>
  createTelemetryServer({ host: '127.0.0.1', port: 0, frames: createFeed<unknown>(), rateHz: 10, log: silentLogger, limits: { maxClients } });

// A raw upgrade on a route that is not a WebSocket: the handshake succeeds, the server answers with a close
// frame, and this peer never answers it. A WebSocket library would wait 30 s for the answer.
const orphanedUpgrade = async (endpoint: string) => {
  const answer = await rawRequest(endpoint, upgradeRequest(endpoint, '/healthz'));
  assert.equal(answer.status, 101, 'the upgrade went through, so the socket left the HTTP server');
  return answer.socket;
};

test('close destroys every socket at once: an orphaned upgrade and a client that never answers close frames do not hold it up', async (t) => {
  const server = await startServer(10);
  const orphan = await orphanedUpgrade(server.url);
  const silentClient = await rawRequest(server.url, upgradeRequest(server.url, '/ws'));
  assert.equal(silentClient.status, 101);
  const started = performance.now();
  await server.close();
  const ms = performance.now() - started;
  t.diagnostic(`closed in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 500, `close took ${ms.toFixed(0)} ms`);
  const cut = await Promise.race([once(orphan, 'close').then(() => true), setTimeout(1000).then(() => false)]);
  assert.equal(cut, true, 'the server cut the orphaned socket');
});

test('the client cap counts every upgrade socket: with an orphaned upgrade open, the second /ws client is refused 503 before the handshake', async () => {
  const server = await startServer(2);
  const orphan = await orphanedUpgrade(server.url);
  const client = await openWs(server.url);
  try {
    const refused = await rawRequest(server.url, upgradeRequest(server.url, '/ws'));
    assert.equal(refused.status, 503, `answered ${refused.status}`);
    assert.match(refused.headers['content-type'] ?? '', /^application\/json/);
    assert.equal(refused.headers['x-content-type-options'], 'nosniff');
    assert.equal((JSON.parse(refused.body) as Json).statusCode, 503);
    assert.match((JSON.parse(refused.body) as Json).message, /maximum of 2 WebSocket connections/);
    assert.deepEqual([server.stats().clients, server.stats().refused], [1, 1], 'one real client; the orphan held the other slot');
  } finally {
    client.close();
    orphan.destroy();
    await server.close();
  }
});
