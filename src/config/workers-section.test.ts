import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { loadConfig } from './load.js';

type Resolved = Awaited<ReturnType<typeof loadConfig>>;

async function load(body: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-config-'));
  try {
    await writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig(${body});\n`);
    return await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('workers.telemetry: defaults in code (8480, 10 Hz, a fixed seed); the file overrides field by field', async () => {
  const defaults = await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} });
  assert.deepEqual(defaults.workers.telemetry, { enabled: true, port: 8480, rateHz: 10, seed: 1969 });
  const config = await load(`{ workers: { telemetry: { rateHz: 20 } } }`);
  assert.deepEqual((config as typeof defaults).workers.telemetry, { enabled: true, port: 8480, rateHz: 20, seed: 1969 });
});

test('workers.telemetry: bad values are reported with their path', async () => {
  const error = await load(`{ workers: { telemetry: { port: 70000, rateHz: 0, seed: -1 }, gardener: {} } } as never`);
  assert.ok(error instanceof ConfigError && error.exitCode === 2);
  assert.deepEqual([...error.issues].sort(), [
    'workers.gardener: unknown field',
    'workers.telemetry.port: expected a port (an integer 1-65535)',
    'workers.telemetry.rateHz: expected a whole number of frames per second (1-100)',
    'workers.telemetry.seed: expected an integer seed (0-4294967295)',
  ]);
});

test('workers.telemetry.port may not take a service host port', async () => {
  const error = await load(`{ workers: { telemetry: { port: 5432 } } }`);
  assert.ok(error instanceof ConfigError);
  assert.deepEqual(error.issues, ['workers.telemetry.port: host port 5432 is already used by services.postgres.ports.sql']);
});

// Pinned by hand (the README documents them): a default that changes by accident fails here.
test('workers.observer | listener | guard: documented defaults in code; the file overrides field by field, into nested objects', async () => {
  const { observer, listener, guard } = (await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} })).workers;
  assert.deepEqual(observer, { enabled: true, rate: 5, count: null, batchSize: 200, syncDelayMs: 25, retry: { initialMs: 500, maxMs: 30_000, jitter: 0.5 } });
  assert.deepEqual(listener, {
    enabled: true,
    batchSize: 500,
    heartbeatMs: 5000,
    sendTimeoutMs: 15_000,
    retry: { initialMs: 250, maxMs: 10_000, jitter: 0.3 },
  });
  assert.deepEqual(guard, {
    enabled: true,
    allowedTypes: ['telemetry'],
    maxFutureSkewMs: 300_000,
    burstWindowMs: 10_000,
    burstLimit: 5000,
    rememberIds: 200_000,
    retry: { initialMs: 250, maxMs: 10_000, jitter: 0.3 },
  });
  const { workers } = (await load(
    `{ workers: { observer: { rate: 200, count: 50, retry: { maxMs: 2000 } }, guard: { burstLimit: 9, allowedTypes: ['x'] } } }`,
  )) as Resolved;
  assert.deepEqual([workers.observer.rate, workers.observer.count, workers.observer.batchSize], [200, 50, 200]);
  assert.deepEqual(workers.observer.retry, { initialMs: 500, maxMs: 2000, jitter: 0.5 });
  assert.deepEqual([workers.guard.burstLimit, workers.guard.allowedTypes], [9, ['x']]);
  assert.deepEqual(workers.listener, listener);
});

test('workers.<name>.enabled: every worker runs unless turned off; only a boolean is accepted', async () => {
  const { workers } = (await load(`{ workers: { guard: { enabled: false } } }`)) as Resolved;
  assert.deepEqual(
    Object.entries(workers).map(([name, settings]) => [name, settings.enabled]),
    [
      ['telemetry', true],
      ['observer', true],
      ['listener', true],
      ['guard', false],
    ],
  );
  const error = await load(`{ workers: { observer: { enabled: 'no' } } } as never`);
  assert.ok(error instanceof ConfigError);
  assert.deepEqual(error.issues, ['workers.observer.enabled: expected true or false']);
});

test('workers settings: every problem reported with its path', async () => {
  const error = await load(
    `{ workers: { observer: { rate: 0, batches: 3 }, listener: { retry: { initialMs: 5000, maxMs: 1000 } }, guard: { allowedTypes: [] } } }`,
  );
  assert.ok(error instanceof ConfigError);
  const text = error.issues.join('\n');
  for (const path of [
    'workers.observer.rate',
    'workers.observer.batches: unknown field',
    'workers.listener.retry: initialMs must not exceed maxMs',
    'workers.guard.allowedTypes',
  ])
    assert.ok(text.includes(path), `${path} in:\n${text}`);
});
