import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createShutdown } from './shutdown.js';

test('close runs every step once, in order, each awaited; later callers get the same run', async () => {
  const order: string[] = [];
  const slow = (name: string) => () => new Promise<void>((resolve) => setTimeout(() => (order.push(name), resolve()), 20));
  const shutdown = createShutdown([slow('stop'), () => order.push('checkpoint'), slow('sockets')]);
  assert.equal(shutdown.started, false);
  const first = shutdown.close();
  assert.equal(shutdown.started, true);
  assert.equal(shutdown.close(), first);
  await first;
  await shutdown.close();
  assert.deepEqual(order, ['stop', 'checkpoint', 'sockets']);
});

test('a failing step is reported and the steps after it still run (nothing left open)', async () => {
  const ran: string[] = [];
  const reported: string[] = [];
  const shutdown = createShutdown(
    [
      () => {
        throw new Error('drain failed');
      },
      () => Promise.reject(new Error('checkpoint failed')),
      () => ran.push('sockets closed'),
    ],
    (error) => reported.push((error as Error).message),
  );
  await shutdown.close();
  assert.deepEqual(reported, ['drain failed', 'checkpoint failed']);
  assert.deepEqual(ran, ['sockets closed']);
});
