import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectEngine } from '../../src/docker/engine.js';
import { ensureImage } from '../../src/docker/ensure-image.js';
import { createManualClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/log.js';
import { freePort } from '../support/free-port.js';

// No registry is reachable from this machine, and tests only talk to loopback: a free port on 127.0.0.1, with
// nothing listening, stands in for an unreachable registry (the engine itself is the real one).
const closedPort = freePort;

test('a present image is used as it is, without any pull', async () => {
  const engine = await connectEngine(new AbortController().signal);
  assert.equal(await ensureImage(engine, 'rocketctl-lab/postgres:15', { log: silentLogger }), 'present');
});

test('a missing image whose registry does not answer: retried with back-off, then one error naming the image and the fix', async () => {
  const engine = await connectEngine(new AbortController().signal);
  const image = `127.0.0.1:${await closedPort()}/rocketctl/missing:1`;
  const attempts: string[] = [];
  // The back-off runs on a manual clock: advanced as the attempts fail, so the test spends no real waiting time.
  const clock = createManualClock();
  const pulling = ensureImage(engine, image, { log: { ...silentLogger, debug: (m) => attempts.push(m) }, clock });
  const outcome = pulling.then(
    () => undefined,
    (error: unknown) => error,
  );
  while (clock.slept.length < 2 && attempts.length < 3) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(10_000);
  }
  const error = (await outcome) as Error & { hint?: string };
  assert.ok(error.message.includes(`image ${image} is not present and could not be pulled`), error.message);
  assert.match(error.hint ?? '', /docker load|services\.<name>\.image/);
  assert.equal(attempts.filter((m) => m.includes('attempt')).length, 3);
  assert.deepEqual(clock.slept, [2_000, 4_000], 'backs off, doubling, between attempts');
});

test('Ctrl-C during the back-off stops the pull at once', async () => {
  const controller = new AbortController();
  const engine = await connectEngine(controller.signal);
  setTimeout(() => controller.abort(), 500);
  const started = Date.now();
  await assert.rejects(ensureImage(engine, `127.0.0.1:${await closedPort()}/rocketctl/missing:1`, { log: silentLogger }), { name: 'InterruptedError' });
  assert.ok(Date.now() - started < 3000);
});
