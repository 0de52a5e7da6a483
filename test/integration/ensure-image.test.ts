import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectEngine } from '../../src/docker/engine.js';
import { ensureImage } from '../../src/docker/ensure-image.js';
import { silentLogger } from '../../src/shared/log.js';
import { freePort } from '../support/free-port.js';

// No registry is reachable from this machine, and tests only talk to loopback: a free port on 127.0.0.1, with
// nothing listening, stands in for an unreachable registry.
const closedPort = freePort;

test('a present image is used as it is, without any pull', async () => {
  const engine = await connectEngine();
  assert.equal(await ensureImage(engine, 'rocketctl-lab/postgres:15', { signal: new AbortController().signal, log: silentLogger }), 'present');
});

test('a missing image whose registry does not answer: retried, then one error naming the image and the fix', async () => {
  const engine = await connectEngine();
  const image = `127.0.0.1:${await closedPort()}/rocketctl/missing:1`;
  const attempts: string[] = [];
  const started = Date.now();
  await assert.rejects(
    ensureImage(engine, image, { signal: new AbortController().signal, log: { ...silentLogger, debug: (m) => attempts.push(m) } }),
    (error: Error & { hint?: string }) => error.message.includes(`image ${image} is not present and could not be pulled`) && /docker load|services\.<name>\.image/.test(error.hint ?? ''),
  );
  assert.equal(attempts.filter((m) => m.includes('attempt')).length, 3);
  assert.ok(Date.now() - started >= 6000, 'backs off between attempts');
});

test('Ctrl-C during the back-off stops the pull at once', async () => {
  const engine = await connectEngine();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 500);
  const started = Date.now();
  await assert.rejects(ensureImage(engine, `127.0.0.1:${await closedPort()}/rocketctl/missing:1`, { signal: controller.signal, log: silentLogger }), { name: 'InterruptedError' });
  assert.ok(Date.now() - started < 3000);
});
