import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, UsageError } from '../shared/errors.js';
import { loadConfig } from './load.js';

async function withConfig(body: string, run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-config-'));
  try {
    await writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig(${body});\n`);
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('without a config file: pinned defaults, every port on 127.0.0.1, paths under the working directory', async () => {
  const config = await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} });
  assert.equal(config.configFile, null);
  assert.equal(config.bindAddress, '127.0.0.1');
  assert.equal(config.certsDir, '/nonexistent-rocketctl-dir/certs');
  assert.equal(config.services.postgres.image, 'postgres:15.10-bookworm');
  assert.deepEqual(config.services.kafka.sans, ['kafka', 'localhost', '127.0.0.1']);
  assert.equal(config.kafka.scramIterations, 4096);
  assert.deepEqual(Object.keys(config.kafka.topics), ['security-guard-feed', 'telemetry-alerts', 'ai-patterns']);
  assert.ok(Object.isFrozen(config.services.kafka));
});

test('the file only overrides; another image drops the default start command but keeps the mount points', async () => {
  await withConfig(`{ services: { postgres: { image: 'mirror/pg:15', ports: { sql: 15432 }, sans: ['db.internal'] } } }`, async (dir) => {
    const { services } = await loadConfig({ cwd: dir, env: {} });
    assert.equal(services.postgres.image, 'mirror/pg:15');
    assert.equal(services.postgres.ports.sql, 15432);
    assert.deepEqual(services.postgres.sans, ['postgres', 'localhost', '127.0.0.1', 'db.internal']);
    assert.equal(services.postgres.profile.dataDir, '/var/lib/postgresql/data');
    assert.equal(services.postgres.profile.command, undefined);
    assert.equal(services.kafka.ports.tls, 9093, 'untouched services keep their defaults');
  });
});

test('every problem is reported with its path, at once', async () => {
  await withConfig(
    `{ bindAddress: 'everywhere', tls: { keyBits: 1024 }, kafka: { scramIterations: 100 }, services: { kafka: { ports: { tls: 0 } }, couchdb: { profile: { fileOwner: 'couchdb' } }, redis: {} } } as never`,
    async (dir) => {
      const error = await loadConfig({ cwd: dir, env: {} }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigError && error.exitCode === 2);
      assert.deepEqual(error.issues.sort(), [
        'bindAddress: expected an IP address such as 127.0.0.1',
        'kafka.scramIterations: Kafka rejects fewer than 4096 iterations',
        'services.couchdb.profile.fileOwner: expected numeric "uid:gid", e.g. "999:999"',
        'services.kafka.ports.tls: expected a port (an integer 1-65535)',
        'services.redis: unknown service (known: zookeeper-1, zookeeper-2, zookeeper-3, kafka, cockroach, cassandra, postgres, couchdb)',
        'tls.keyBits: expected 2048, 3072 or 4096',
      ]);
    },
  );
});

test('cross-field rules: a host port used twice, leaves outliving the CA, a renewal window as long as a leaf', async () => {
  await withConfig(
    `{ tls: { caValidityDays: 100, leafValidityDays: 200, renewWithinDays: 300 }, services: { couchdb: { ports: { https: 5432 } } } }`,
    async (dir) => {
      const error = (await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e)) as ConfigError;
      assert.deepEqual(error.issues, [
        'services.couchdb.ports.https: host port 5432 is already used by services.postgres.ports.sql',
        'tls.leafValidityDays: 200 days outlives the CA (tls.caValidityDays: 100)',
        'tls.renewWithinDays: must be less than tls.leafValidityDays (200), or every run re-issues',
      ]);
    },
  );
});

test('a disabled service frees its port; a missing --config file is a usage error with the fix', async () => {
  await withConfig(`{ services: { postgres: { enabled: false }, couchdb: { ports: { https: 5432 } } } }`, async (dir) => {
    assert.equal((await loadConfig({ cwd: dir, env: {} })).services.couchdb.ports.https, 5432);
  });
  const missing = await loadConfig({ cwd: '/tmp', configFile: 'nope.config.ts', env: {} }).catch((e: unknown) => e);
  assert.ok(missing instanceof UsageError && /config file not found/.test(missing.message) && /--config/.test(missing.hint ?? ''));
});

test('ports may only name the endpoints the service has', async () => {
  await withConfig(`{ services: { postgres: { ports: { sql: 15432, https: 15433 } }, kafka: { ports: { tls: 19093, plaintext: 19092 } } } }`, async (dir) => {
    const error = (await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e)) as ConfigError;
    assert.deepEqual(error.issues.sort(), [
      'services.kafka.ports.plaintext: unknown endpoint (known: tls)',
      'services.postgres.ports.https: unknown endpoint (known: sql)',
    ]);
  });
});

test('publishing on every interface needs allowPublicBind: ZooKeeper has no authentication', async () => {
  for (const address of ['0.0.0.0', '::']) {
    await withConfig(`{ bindAddress: '${address}' }`, async (dir) => {
      const error = (await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e)) as ConfigError;
      assert.ok(error instanceof ConfigError, address);
      assert.match(error.issues[0]!, new RegExp(`^bindAddress: ${address.replaceAll('.', '\\.')} publishes every port .*set allowPublicBind: true`));
    });
    await withConfig(`{ bindAddress: '${address}', allowPublicBind: true }`, async (dir) => {
      assert.equal((await loadConfig({ cwd: dir, env: {} })).bindAddress, address);
    });
  }
});

test('Kafka with a partial ZooKeeper ensemble is refused; without Kafka the peers may be chosen freely', async () => {
  await withConfig(`{ services: { 'zookeeper-3': { enabled: false } } }`, async (dir) => {
    const error = (await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e)) as ConfigError;
    assert.deepEqual(error.issues, [
      'services.zookeeper-3.enabled: Kafka needs the whole 3-node ZooKeeper ensemble (disabled: zookeeper-3); enable every peer, or disable kafka too',
    ]);
  });
  await withConfig(`{ services: { 'zookeeper-3': { enabled: false }, kafka: { enabled: false } } }`, async (dir) => {
    assert.equal((await loadConfig({ cwd: dir, env: {} })).services['zookeeper-3'].enabled, false);
  });
});

test('a config file without a default export is an error, not silent defaults', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-config-'));
  try {
    await writeFile(path.join(dir, 'rocketctl.config.ts'), `export const config = { project: 'other' };\n`);
    const error = (await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e)) as ConfigError;
    assert.ok(error instanceof ConfigError && error.exitCode === 2);
    assert.match(error.issues[0]!, /has no default export; expected `export default defineConfig/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
