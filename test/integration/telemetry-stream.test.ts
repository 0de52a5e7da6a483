import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/log.js';
import { createFeed } from '../../src/workers/feed.js';
import { FLIGHT_PHASES } from '../../src/workers/telemetry/flight/frame.js';
import { createTelemetryServer } from '../../src/workers/telemetry/server/telemetry-server.js';
import { requestJson } from '../support/http-json.js';
import { startTestTelemetryWorker } from '../support/telemetry-worker.js';
import { openWs } from '../support/ws-client.js';

type Json = Record<string, any>;
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const portRefuses = (endpoint: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(endpoint).port), '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

describe('telemetry stream against the real server', () => {
  test('frames arrive on /ws at the configured rate (25 Hz), parse, and carry the whole flight state', async () => {
    const { worker, endpoint, feed } = await startTestTelemetryWorker({ rateHz: 25 });
    const fromFeed: Json[] = [];
    feed.subscribe((frame) => fromFeed.push(frame as Json));
    const client = await openWs(endpoint);
    try {
      const hello = await client.waitFor((m) => m.type === 'hello');
      assert.equal(hello.rate_hz, 25);
      await systemClock.sleep(3000);
      const frames = client.messages.filter((m) => m.type === 'telemetry') as Json[];
      const seconds = (frames.at(-1)!.ts - frames[0]!.ts) / 1000;
      const rate = (frames.length - 1) / seconds;
      assert.ok(frames.length >= 70 && frames.length <= 78, `${frames.length} frames in 3 s`);
      assert.ok(Math.abs(rate - 25) < 1, `measured ${rate.toFixed(2)} Hz from the server timestamps`);
      for (const [i, f] of frames.entries()) {
        if (i > 0) assert.equal(f.seq, frames[i - 1]!.seq + 1, 'no frame skipped');
        assert.ok(FLIGHT_PHASES.includes(f.phase));
        for (const key of ['t', 'altitude_m', 'velocity_mps', 'acceleration_mps2', 'fuel_pct', 'thrust_n', 'ts']) assert.ok(isNumber(f[key]), key);
        for (const key of ['engine_c', 'skin_c', 'avionics_c', 'ambient_c']) assert.ok(isNumber(f.temperatures[key]), key);
        for (const key of ['pitch_deg', 'yaw_deg', 'roll_deg']) assert.ok(isNumber(f.attitude[key]), key);
      }
      // The observer's view: the same frames, in-process, from a feed whose producer announced itself.
      assert.equal(feed.hasProducer, true);
      const sameSeq = fromFeed.find((f) => f.seq === frames[10]!.seq);
      assert.deepEqual(sameSeq, frames[10]);
    } finally {
      client.close();
      await worker.close();
    }
    assert.equal(feed.hasProducer, false, 'close retracts the producer');
  });

  test('close: every client is dropped, the port is released, close is idempotent', async () => {
    const { worker, endpoint } = await startTestTelemetryWorker({ rateHz: 10 });
    const clients = await Promise.all([openWs(endpoint), openWs(endpoint), openWs(endpoint)]);
    assert.equal(((await requestJson(endpoint, '/healthz')).body as Json).clients, 3);
    const first = worker.close();
    assert.equal(worker.close(), first, 'memoised');
    await first;
    const codes = await Promise.all(clients.map((c) => c.closed));
    assert.deepEqual(codes, [1006, 1006, 1006], 'terminated, no close handshake to wait for');
    assert.equal(await portRefuses(endpoint), true);
  });

  test('binds the configured address: IPv6 loopback, bracketed in its endpoint, serves HTTP and the stream', async () => {
    const { worker, endpoint } = await startTestTelemetryWorker({ rateHz: 10, bindAddress: '::1' });
    try {
      assert.match(endpoint, /^http:\/\/\[::1\]:\d+$/);
      assert.equal(((await requestJson(endpoint, '/healthz')).body as Json).status, 'ok');
      const client = await openWs(endpoint);
      await client.waitFor((m) => m.type === 'telemetry');
      client.close();
    } finally {
      await worker.close();
    }
  });

  test('a slow reader is dropped at its backlog limit while a fast one receives every message', async () => {
    const feed = createFeed<unknown>();
    const server = await createTelemetryServer({
      host: '127.0.0.1',
      port: 0,
      frames: feed,
      rateHz: 10,
      log: silentLogger,
      limits: { maxBacklogBytes: 256 * 1024 },
    });
    const fast = await openWs(server.url);
    const slow = await openWs(server.url);
    try {
      // The slow client stops reading: its kernel buffers fill, then the server-side backlog grows.
      (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const blob = 'x'.repeat(512 * 1024);
      for (let seq = 0; seq < 60; seq++) {
        feed.publish({ type: 'bulk', seq, blob });
        await new Promise((resolve) => setImmediate(resolve));
      }
      await fast.waitFor((m) => m.type === 'bulk' && m.seq === 59, 20_000);
      assert.deepEqual(
        fast.messages.filter((m) => m.type === 'bulk').map((m) => m.seq),
        Array.from({ length: 60 }, (_, i) => i),
      );
      const stats = server.stats();
      assert.equal(stats.droppedSlow, 1);
      assert.equal(stats.clients, 1, 'only the fast client remains');
    } finally {
      fast.close();
      slow.close();
      await server.close();
    }
  });

  test('limits: a client message over the max payload closes it with 1009; an upgrade beyond the maximum is refused 503 before the handshake', async () => {
    const feed = createFeed<unknown>();
    const server = await createTelemetryServer({
      host: '127.0.0.1',
      port: 0,
      frames: feed,
      rateHz: 10,
      log: silentLogger,
      limits: { maxClients: 2, wsMaxPayloadBytes: 1024 },
    });
    try {
      const talker = await openWs(server.url);
      talker.socket.send('y'.repeat(2048));
      assert.equal(await talker.closed, 1009);
      const a = await openWs(server.url);
      const b = await openWs(server.url);
      await assert.rejects(openWs(server.url), /upgrade refused: HTTP 503/);
      assert.equal(server.stats().clients, 2);
      a.close();
      b.close();
    } finally {
      await server.close();
    }
  });
});
