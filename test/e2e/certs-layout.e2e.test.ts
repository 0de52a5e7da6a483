import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { readSecrets } from '../../src/secrets/secrets.js';
import { buildSpecs } from '../../src/services/build-specs.js';
import { rocketctl } from '../support/cli.js';
import { createTempProject, fileMode } from '../support/temp-project.js';
import { opensslText, opensslVerify } from '../support/openssl.js';
import { requireTool } from '../support/require-tool.js';
import { execa } from 'execa';

/** The key identifier an extension holds, as OpenSSL prints it (`keyid:` dropped). */
async function opensslKeyId(certFile: string, extension: 'subjectKeyIdentifier' | 'authorityKeyIdentifier'): Promise<string> {
  const { stdout } = await execa('openssl', ['x509', '-in', certFile, '-noout', '-ext', extension]);
  return stdout
    .split('\n')[1]!
    .trim()
    .replace(/^keyid:/, '');
}

/** The SKI OpenSSL itself computes for a key: a throwaway self-signed certificate made by `openssl req`. */
async function opensslComputedKeyId(keyFile: string): Promise<string> {
  const { stdout: pem } = await execa('openssl', ['req', '-new', '-x509', '-key', keyFile, '-subj', '/CN=probe', '-days', '1']);
  const { stdout } = await execa('openssl', ['x509', '-noout', '-ext', 'subjectKeyIdentifier'], { input: pem });
  return stdout.split('\n')[1]!.trim();
}

// The layout is written out here on purpose, not taken from the product's plan: the test is the spec.
const SERVER_LEAVES: Record<string, { cert: string; dnsNames: string[]; clientAuth: boolean }> = {
  'zookeeper-1': { cert: 'zookeeper-1/tls.crt', dnsNames: ['zookeeper-1'], clientAuth: true },
  'zookeeper-2': { cert: 'zookeeper-2/tls.crt', dnsNames: ['zookeeper-2'], clientAuth: true },
  'zookeeper-3': { cert: 'zookeeper-3/tls.crt', dnsNames: ['zookeeper-3'], clientAuth: true },
  kafka: { cert: 'kafka/tls.crt', dnsNames: ['kafka', 'kafka.internal'], clientAuth: true },
  cassandra: { cert: 'cassandra/tls.crt', dnsNames: ['cassandra'], clientAuth: true },
  postgres: { cert: 'postgres/server.crt', dnsNames: ['postgres'], clientAuth: false },
  couchdb: { cert: 'couchdb/couchdb.pem', dnsNames: ['couchdb'], clientAuth: false },
  cockroach: { cert: 'cockroach/node.crt', dnsNames: ['cockroach'], clientAuth: true },
};
const COCKROACH_CLIENTS = ['root', 'observer_writer', 'replicator'];

// Both key types the config offers; the default (ECDSA P-256) first.
for (const keyAlgorithm of ['ecdsa-p256', 'rsa-2048'] as const)
  describe(`certs gen: the TLS set, read back with openssl (${keyAlgorithm})`, () => {
    let project: Awaited<ReturnType<typeof createTempProject>>;
    let certs: string;

    before(async () => {
      await requireTool('openssl', ['version'], 'apt-get install -y openssl');
      project = await createTempProject(`{ tls: { keyAlgorithm: '${keyAlgorithm}' }, services: { kafka: { sans: ['kafka.internal'] } } }`);
      certs = path.join(project.dir, 'certs');
      const result = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.equal(result.exitCode, 0, result.stderr);
    });
    after(() => project.cleanup());

    test('every leaf verifies against the CA', async () => {
      const leaves = [...Object.values(SERVER_LEAVES).map((l) => l.cert), ...COCKROACH_CLIENTS.map((u) => `cockroach/client.${u}.crt`)];
      for (const leaf of leaves) {
        const { ok, output } = await opensslVerify(path.join(certs, 'ca/ca.crt'), path.join(certs, leaf));
        assert.ok(ok, `${leaf}: ${output}`);
      }
    });

    test('server certificates carry the host name, localhost and 127.0.0.1, with server key usages', async () => {
      for (const [service, leaf] of Object.entries(SERVER_LEAVES)) {
        const text = await opensslText(path.join(certs, leaf.cert));
        for (const name of [...leaf.dnsNames, 'localhost'])
          assert.match(text, new RegExp(`DNS:${name.replace('.', '\\.')}(,|\\n|$)`), `${service} lacks DNS:${name}`);
        assert.match(text, /IP Address:127\.0\.0\.1/, `${service} lacks IP 127.0.0.1`);
        if (keyAlgorithm.startsWith('rsa')) assert.match(text, /Digital Signature, Key Encipherment/, `${service} key usage`);
        // An EC key only signs: keyEncipherment is not allowed with id-ecPublicKey (RFC 8813 §3).
        else assert.match(text, /Key Usage: critical\n\s*Digital Signature(\n|$)/, `${service} key usage`);
        assert.match(text, /TLS Web Server Authentication/, `${service} needs serverAuth`);
        assert.equal(/TLS Web Client Authentication/.test(text), leaf.clientAuth, `${service} clientAuth should be ${leaf.clientAuth}`);
        assert.match(text, /CA:FALSE/);
      }
    });

    test(`every key is ${keyAlgorithm}; key identifiers are OpenSSL's own for each key and every leaf names the CA's`, async () => {
      const expected =
        keyAlgorithm === 'ecdsa-p256'
          ? /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-256/
          : /Public Key Algorithm: rsaEncryption\s*Public-Key: \(2048 bit\)/;
      const caSki = await opensslKeyId(path.join(certs, 'ca/ca.crt'), 'subjectKeyIdentifier');
      // OpenSSL computes a new certificate's SKI from the key itself (RFC 5280 §4.2.1.2 method 1).
      assert.equal(caSki, await opensslComputedKeyId(path.join(certs, 'ca/ca.key')));
      for (const [cert, key] of [
        ['kafka/tls.crt', 'kafka/tls.key'],
        ['postgres/server.crt', 'postgres/server.key'],
        ['cockroach/client.root.crt', 'cockroach/client.root.key'],
      ] as const) {
        const { stdout } = await execa('openssl', ['x509', '-in', path.join(certs, cert), '-noout', '-text']);
        assert.match(stdout, expected, cert);
        assert.match(stdout, keyAlgorithm === 'ecdsa-p256' ? /Signature Algorithm: ecdsa-with-SHA256/ : /Signature Algorithm: sha256WithRSAEncryption/);
        assert.equal(await opensslKeyId(path.join(certs, cert), 'subjectKeyIdentifier'), await opensslComputedKeyId(path.join(certs, key)), cert);
        assert.equal(await opensslKeyId(path.join(certs, cert), 'authorityKeyIdentifier'), caSki, cert);
      }
    });

    test('the CA is a CA and only signs', async () => {
      const text = await opensslText(path.join(certs, 'ca/ca.crt'));
      assert.match(text, /CA:TRUE/);
      assert.match(text, /Certificate Sign, CRL Sign/);
    });

    test("Cockroach's certs-dir: names, principals and usages as cockroach expects", async () => {
      const files = (await readdir(path.join(certs, 'cockroach'))).sort();
      assert.deepEqual(files, [
        'ca.crt',
        'client.observer_writer.crt',
        'client.observer_writer.key',
        'client.replicator.crt',
        'client.replicator.key',
        'client.root.crt',
        'client.root.key',
        'node.crt',
        'node.key',
      ]);
      const node = await opensslText(path.join(certs, 'cockroach/node.crt'));
      assert.match(node, /CN ?= ?node/);
      assert.match(node, /TLS Web Server Authentication, TLS Web Client Authentication/);
      for (const user of COCKROACH_CLIENTS) {
        const client = await opensslText(path.join(certs, `cockroach/client.${user}.crt`));
        assert.match(client, new RegExp(`CN ?= ?${user}`));
        assert.match(client, /TLS Web Client Authentication/);
        assert.doesNotMatch(client, /TLS Web Server Authentication/);
      }
    });

    test('private keys, stores and secrets are 0600; the CA folder is 0700', async () => {
      const keyFiles = [
        'ca/ca.key',
        'kafka/tls.key',
        'postgres/server.key',
        'couchdb/privkey.pem',
        'cockroach/node.key',
        ...COCKROACH_CLIENTS.map((u) => `cockroach/client.${u}.key`),
        'kafka/kafka.keystore.jks',
        'kafka/kafka.keystore.p12',
        'cassandra/cassandra.keystore.jks',
      ];
      for (const file of keyFiles) assert.equal((await fileMode(path.join(certs, file))).toString(8), '600', file);
      assert.equal((await fileMode(path.join(certs, 'ca'))).toString(8), '700');
      assert.equal((await fileMode(path.join(project.dir, '.rocketctl/secrets.env'))).toString(8), '600');
    });

    // Each file is on disk, is what the spec copies into the container, and sits at the path the server's own
    // rendered config names: the image finds it there. Paths written out here, not read from the product.
    test('Postgres and CouchDB find their files under the names their images expect', async () => {
      const config = await loadConfig({ cwd: project.dir, env: {} });
      const secrets = (await readSecrets(config.stateDir, { env: {} }))!;
      const specs = new Map(buildSpecs({ config, secrets, caPem: '' }).map((s) => [s.name, s]));
      const expected = {
        postgres: {
          config: 'postgresql.conf',
          files: { 'server.crt': '/etc/postgresql/certs', 'server.key': '/etc/postgresql/certs', 'root.crt': '/etc/postgresql/certs' },
        },
        couchdb: {
          config: '10-rocketctl.ini',
          files: { 'couchdb.pem': '/opt/couchdb/certs', 'privkey.pem': '/opt/couchdb/certs', 'ca.crt': '/opt/couchdb/certs' },
        },
      } as const;
      for (const [service, { config: configName, files }] of Object.entries(expected)) {
        const spec = specs.get(service as 'postgres' | 'couchdb')!;
        const rendered = String(await spec.files.find((f) => f.path.endsWith(`/${configName}`))!.read());
        for (const [name, dir] of Object.entries(files)) {
          const onDisk = await readFile(path.join(certs, service, name));
          const copied = spec.files.find((f) => f.path === `${dir}/${name}`);
          assert.ok(copied, `${service}: ${dir}/${name} is not copied into the container`);
          assert.deepEqual(Buffer.from(await copied.read()), onDisk, `${service}: ${name} copied as it is on disk`);
          assert.ok(rendered.includes(`${dir}/${name}`), `${service}: ${configName} does not name ${dir}/${name}`);
        }
      }
    });

    test('certs list reports every item ok, as JSON on stdout only', async () => {
      const result = await rocketctl(['certs', 'list', '--json'], { cwd: project.dir });
      assert.equal(result.exitCode, 0, result.stderr);
      const listed = JSON.parse(result.stdout) as {
        ok: boolean;
        certificates: Array<{ id: string; status: string; sans: string[]; daysLeft: number; serial: string; issuer: string }>;
      };
      assert.equal(listed.ok, true);
      const kafka = listed.certificates.find((c) => c.id === 'kafka')!;
      assert.deepEqual(kafka.sans, ['kafka', 'localhost', '127.0.0.1', 'kafka.internal']);
      assert.ok(kafka.daysLeft > 390 && kafka.serial.length > 0 && kafka.issuer.includes('CA'));
      assert.equal(listed.certificates.length, 1 + 8 + 3);
    });

    test(`certs list --json names each certificate's key type: ${keyAlgorithm}`, async () => {
      const listed = JSON.parse((await rocketctl(['certs', 'list', '--json'], { cwd: project.dir })).stdout) as {
        certificates: Array<{ keyAlgorithm: string }>;
      };
      assert.deepEqual([...new Set(listed.certificates.map((c) => c.keyAlgorithm))], [keyAlgorithm]);
    });
  });
