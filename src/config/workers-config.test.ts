import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { loadConfig } from './load.js';

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
  assert.deepEqual(defaults.workers.telemetry, { port: 8480, rateHz: 10, seed: 1969 });
  const config = await load(`{ workers: { telemetry: { rateHz: 20 } } }`);
  assert.deepEqual((config as typeof defaults).workers.telemetry, { port: 8480, rateHz: 20, seed: 1969 });
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
