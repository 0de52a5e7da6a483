import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { loadConfig } from './load.js';
import type { ResolvedConfig } from './types.js';

async function load(body: string): Promise<ResolvedConfig | ConfigError> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-tls-config-'));
  try {
    await writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig(${body});\n`);
    return await loadConfig({ cwd: dir, env: {} }).catch((error: unknown) => error as ConfigError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function resolved(body: string): Promise<ResolvedConfig> {
  const config = await load(body);
  if (config instanceof Error) assert.fail(config.message);
  return config;
}

test('tls.keyAlgorithm: ECDSA P-256 by default; an older config naming only keyBits keeps RSA of that size', async () => {
  assert.equal((await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} })).tls.keyAlgorithm, 'ecdsa-p256');
  assert.equal((await resolved(`{ tls: { keyAlgorithm: 'rsa-2048' } }`)).tls.keyAlgorithm, 'rsa-2048');
  assert.equal((await resolved(`{ tls: { keyBits: 2048 } }`)).tls.keyAlgorithm, 'rsa-2048');
  assert.equal((await resolved(`{ tls: { keyBits: 4096, keyAlgorithm: 'rsa-4096' } }`)).tls.keyAlgorithm, 'rsa-4096');
});

test('tls.keyAlgorithm: an unknown name, or keyBits contradicting it, is refused with the path (exit 2)', async () => {
  const unknown = await load(`{ tls: { keyAlgorithm: 'ed25519' } } as never`);
  assert.ok(unknown instanceof ConfigError && unknown.exitCode === 2);
  assert.deepEqual(unknown.issues, [`tls.keyAlgorithm: expected one of 'ecdsa-p256', 'rsa-2048', 'rsa-3072', 'rsa-4096'`]);
  const contradiction = await load(`{ tls: { keyBits: 4096, keyAlgorithm: 'ecdsa-p256' } }`);
  assert.ok(contradiction instanceof ConfigError);
  assert.deepEqual(contradiction.issues, [`tls.keyBits: 4096 contradicts tls.keyAlgorithm 'ecdsa-p256'; remove tls.keyBits (tls.keyAlgorithm replaces it)`]);
});

test('SANs: one spelling per address in the resolved config (the certificate carries each once)', async () => {
  const config = await resolved(`{ services: { kafka: { sans: ['::1', '0:0:0:0:0:0:0:1', 'KAFKA', 'db.internal', 'DB.internal'] } } }`);
  assert.deepEqual(config.services.kafka.sans, ['kafka', 'localhost', '127.0.0.1', '::1', 'db.internal']);
});
