import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { loadConfig } from './load.js';
import { PIPELINE_WORKER_DEFAULTS } from './pipeline-workers.js';

async function load(body: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-config-'));
  try {
    await writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig(${body});\n`);
    return await loadConfig({ cwd: dir, env: {} });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('workers.observer | listener | guard: defaults in code; the file overrides field by field', async () => {
  const { observer, listener, guard } = (await load('{}')).workers;
  assert.deepEqual({ observer, listener, guard }, PIPELINE_WORKER_DEFAULTS);
  const { workers } = await load(`{ workers: { observer: { rate: 200, count: 50, retry: { maxMs: 2000 } }, guard: { burstLimit: 9 } } }`);
  assert.deepEqual([workers.observer.rate, workers.observer.count, workers.observer.batchSize], [200, 50, 200]);
  assert.deepEqual(workers.observer.retry, { initialMs: 500, maxMs: 2000, jitter: 0.5 });
  assert.equal(workers.guard.burstLimit, 9);
  assert.deepEqual(workers.listener, PIPELINE_WORKER_DEFAULTS.listener);
});

test('workers settings: every problem reported with its path', async () => {
  await assert.rejects(
    load(`{ workers: { observer: { rate: 0, batches: 3 }, listener: { retry: { initialMs: 5000, maxMs: 1000 } }, guard: { allowedTypes: [] } } }`),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const text = error.issues.join('\n');
      for (const path of [
        'workers.observer.rate',
        'workers.observer.batches: unknown field',
        'workers.listener.retry: initialMs must not exceed maxMs',
        'workers.guard.allowedTypes',
      ])
        assert.ok(text.includes(path), `${path} in:\n${text}`);
      return true;
    },
  );
});
