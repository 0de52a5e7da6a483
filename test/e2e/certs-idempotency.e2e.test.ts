import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { execa } from 'execa';
import path from 'node:path';
import { rocketctl } from '../support/cli.js';
import { changedFiles, createTempProject, hashTree } from '../support/temp-project.js';
import { opensslSerial } from '../support/openssl.js';

// Both key types the config offers; the default (ECDSA P-256) first.
for (const keyAlgorithm of ['ecdsa-p256', 'rsa-2048'] as const)
  describe(`certs gen: idempotent, repairs only what is wrong (${keyAlgorithm})`, () => {
    let project: Awaited<ReturnType<typeof createTempProject>>;
    let certs: string;
    const gen = (...args: string[]) => rocketctl(['certs', 'gen', ...args], { cwd: project.dir });

    before(async () => {
      project = await createTempProject(`{ tls: { keyAlgorithm: '${keyAlgorithm}' } }`);
      certs = path.join(project.dir, 'certs');
      assert.equal((await gen()).exitCode, 0);
    });
    after(() => project.cleanup());

    test('a re-run rewrites nothing, byte for byte', async () => {
      const before = await hashTree(certs);
      const result = await gen();
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(changedFiles(before, await hashTree(certs)), []);
      assert.match(result.stderr, /nothing written/);
    });

    test('one deleted key: only that key and its certificate are re-issued', async () => {
      const before = await hashTree(certs);
      await rm(path.join(certs, 'postgres/server.key'));
      assert.equal((await gen()).exitCode, 0);
      assert.deepEqual(changedFiles(before, await hashTree(certs)), ['postgres/server.crt', 'postgres/server.key']);
    });

    test("a deleted Kafka key also rebuilds Kafka's keystores, and nothing else", async () => {
      const before = await hashTree(certs);
      await rm(path.join(certs, 'kafka/tls.key'));
      assert.equal((await gen()).exitCode, 0);
      assert.deepEqual(changedFiles(before, await hashTree(certs)), ['kafka/kafka.keystore.jks', 'kafka/kafka.keystore.p12', 'kafka/tls.crt', 'kafka/tls.key']);
    });

    test('a corrupted truststore is rebuilt alone', async () => {
      const before = await hashTree(certs);
      await writeFile(path.join(certs, 'cassandra/cassandra.truststore.jks'), 'garbage', { mode: 0o600 });
      assert.equal((await gen()).exitCode, 0);
      const changed = changedFiles(before, await hashTree(certs));
      assert.deepEqual(changed, ['cassandra/cassandra.truststore.jks']);
    });

    test('a key readable by others is reported by list and re-issued by gen', async () => {
      await chmod(path.join(certs, 'couchdb/privkey.pem'), 0o644);
      const list = await rocketctl(['certs', 'list', '--json'], { cwd: project.dir });
      assert.equal(list.exitCode, 1);
      const couch = (JSON.parse(list.stdout) as { certificates: Array<{ id: string; status: string }> }).certificates.find((c) => c.id === 'couchdb');
      assert.equal(couch?.status, 'bad-key-mode');
      const before = await hashTree(certs);
      assert.equal((await gen()).exitCode, 0);
      assert.deepEqual(changedFiles(before, await hashTree(certs)), ['couchdb/couchdb.pem', 'couchdb/privkey.pem']);
    });

    test('a SAN added to the config re-issues that leaf (and its stores) only', async () => {
      await writeFile(
        path.join(project.dir, 'rocketctl.config.ts'),
        `import { defineConfig } from 'rocketctl';\nexport default defineConfig({ tls: { keyAlgorithm: '${keyAlgorithm}' }, services: { postgres: { sans: ['db.internal', '10.0.0.5', 'fd00::10'] } } });\n`,
      );
      const list = await rocketctl(['certs', 'list'], { cwd: project.dir });
      assert.equal(list.exitCode, 1);
      assert.match(list.stdout, /postgres\s+broken.*missing db\.internal, 10\.0\.0\.5, fd00::10/);
      const before = await hashTree(certs);
      assert.equal((await gen()).exitCode, 0);
      assert.deepEqual(changedFiles(before, await hashTree(certs)), ['postgres/server.crt', 'postgres/server.key']);
      // An IPv6 SAN reads back expanded (FD00:0:…:10): it must still count as matching, so nothing is rewritten.
      const reissued = await hashTree(certs);
      assert.equal((await gen()).exitCode, 0);
      assert.deepEqual(changedFiles(reissued, await hashTree(certs)), []);
    });

    test('--force re-issues everything with new serials', async () => {
      const files = ['ca/ca.crt', 'kafka/tls.crt', 'cockroach/node.crt', 'cockroach/client.root.crt'];
      const serialsBefore = await Promise.all(files.map((f) => opensslSerial(path.join(certs, f))));
      assert.equal((await gen('--force')).exitCode, 0);
      const serialsAfter = await Promise.all(files.map((f) => opensslSerial(path.join(certs, f))));
      serialsBefore.forEach((serial, i) => assert.notEqual(serial, serialsAfter[i], files[i]));
    });

    test('an expiring certificate is re-issued (clock moved forward through the --now of the command API)', async () => {
      const { certsGen } = await import('../../src/commands/certs-gen.js');
      const { loadConfig } = await import('../../src/config/load.js');
      const { silentLogger } = await import('../../src/shared/log.js');
      const config = await loadConfig({ cwd: project.dir });
      const in380Days = new Date(Date.now() + 380 * 86_400_000);
      const context = { config, env: {}, signal: new AbortController().signal, log: silentLogger };
      const result = await certsGen(context, { now: in380Days });
      // 397-day leaves have 17 days left then (< 30): every leaf, not the 10-year CA.
      assert.ok(result.changed.some((c) => c.id === 'kafka' && c.why.startsWith('expiring')));
      assert.ok(!result.changed.some((c) => c.id === 'ca'));
    });
  });

describe('certs gen: bad input', () => {
  test('an invalid config exits 2 naming every bad path, and writes nothing', async () => {
    const project = await createTempProject(`{ services: { kafka: { ports: { tls: 70000 } }, postgres: { sans: ['not a host!'] }, mongo: {} } } as never`);
    try {
      const result = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.equal(result.exitCode, 2);
      assert.match(result.stderr, /services\.kafka\.ports\.tls: expected a port/);
      assert.match(result.stderr, /services\.postgres\.sans\.0: expected a host name or an IP address/);
      assert.match(result.stderr, /services\.mongo: unknown service/);
      assert.deepEqual([...(await hashTree(project.dir)).keys()], ['rocketctl.config.ts']);
    } finally {
      await project.cleanup();
    }
  });

  test('two services on one host port exit 2 naming both', async () => {
    const project = await createTempProject(`{ services: { postgres: { ports: { sql: 9093 } } } }`);
    try {
      const result = await rocketctl(['certs', 'gen', '--json'], { cwd: project.dir });
      assert.equal(result.exitCode, 2);
      assert.match(result.stderr, /services\.postgres\.ports\.sql: host port 9093 is already used by services\.kafka\.ports\.tls/);
      assert.equal(JSON.parse(result.stdout).ok, false);
    } finally {
      await project.cleanup();
    }
  });

  test('a missing --config file exits 2 with the fix', async () => {
    const project = await createTempProject();
    try {
      const result = await rocketctl(['--config', 'nope.config.ts', 'certs', 'list'], { cwd: project.dir });
      assert.equal(result.exitCode, 2);
      assert.match(result.stderr, /config file not found.*nope\.config\.ts/);
      assert.match(result.stderr, /fix:/);
    } finally {
      await project.cleanup();
    }
  });

  test('unwritable certs/: exit 1 with the fix, the existing tree untouched and nothing half-written', async () => {
    const project = await createTempProject('{}');
    const certs = path.join(project.dir, 'certs');
    try {
      assert.equal((await rocketctl(['certs', 'gen'], { cwd: project.dir })).exitCode, 0);
      // Immutable: refused even to root, who bypasses file modes (and the tests run as root in any folder CI
      // clones into, where an unprivileged user might not even reach bin/rocketctl.js).
      await execa('chattr', ['-R', '+i', certs]);
      const before = await hashTree(certs);
      const result = await rocketctl(['certs', 'gen', '--force'], { cwd: project.dir });
      assert.equal(result.exitCode, 1, result.stderr);
      assert.match(result.stderr, /cannot write to .*certs \(EPERM\); nothing was generated/);
      assert.match(result.stderr, new RegExp(`fix: make it writable by ${os.userInfo().username}`));
      assert.deepEqual(changedFiles(before, await hashTree(certs)), []);
    } finally {
      await execa('chattr', ['-R', '-i', certs], { reject: false });
      await project.cleanup();
    }
  });
});
