import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import { rocketctl } from '../support/cli.js';
import { createTempProject } from '../support/temp-project.js';
import { greet, keytoolList, requireJdk17, startJavaTlsServer } from '../support/java.js';
import { startHostPostgres } from '../support/host-postgres.js';
import { queryOnce } from '../support/store-clients.js';

const SERVERS: Array<[service: string, cert: string, key: string]> = [
  ['zookeeper-1', 'zookeeper-1/tls.crt', 'zookeeper-1/tls.key'],
  ['kafka', 'kafka/tls.crt', 'kafka/tls.key'],
  ['cassandra', 'cassandra/tls.crt', 'cassandra/tls.key'],
  ['postgres', 'postgres/server.crt', 'postgres/server.key'],
  ['couchdb', 'couchdb/couchdb.pem', 'couchdb/privkey.pem'],
  ['cockroach', 'cockroach/node.crt', 'cockroach/node.key'],
];

// Both key types the config offers; the default (ECDSA P-256) first.
for (const keyAlgorithm of ['ecdsa-p256', 'rsa-2048'] as const)
  describe(`certs gen: material that real TLS stacks accept (${keyAlgorithm})`, () => {
    let project: Awaited<ReturnType<typeof createTempProject>>;
    let certs: string;
    let caPem: string;
    const secret = async (name: string) => (await rocketctl(['secrets', 'get', name], { cwd: project.dir })).stdout.trim();

    before(async () => {
      await requireJdk17();
      project = await createTempProject(`{ tls: { keyAlgorithm: '${keyAlgorithm}' } }`);
      certs = path.join(project.dir, 'certs');
      const result = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.equal(result.exitCode, 0, result.stderr);
      caPem = await readFile(path.join(certs, 'ca/ca.crt'), 'utf8');
    });
    after(() => project.cleanup());

    for (const [service, cert, key] of SERVERS) {
      test(`Node TLS to a ${service} server verifies for localhost, 127.0.0.1 and "${service}"; a wrong name fails`, async () => {
        const server = tls.createServer({ cert: await readFile(path.join(certs, cert)), key: await readFile(path.join(certs, key)) }, (socket) =>
          socket.end('hi\n'),
        );
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as { port: number };
        try {
          for (const servername of ['localhost', service, undefined]) {
            const reply = await greet(port, caPem, servername);
            assert.equal(reply.authorized, true, `${service} as ${servername ?? '127.0.0.1'}`);
          }
          await assert.rejects(greet(port, caPem, 'kafka-evil'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
        } finally {
          server.close();
        }
      });
    }

    for (const service of ['kafka', 'cassandra']) {
      test(`keytool reads the ${service} stores with the generated passwords (not changeit)`, async () => {
        const keystorePassword = await secret(`${service.toUpperCase()}_KEYSTORE_PASSWORD`);
        const truststorePassword = await secret(`${service.toUpperCase()}_TRUSTSTORE_PASSWORD`);
        assert.ok(keystorePassword.length >= 40 && keystorePassword !== truststorePassword);
        for (const [file, type] of [
          [`${service}.keystore.jks`, 'JKS'],
          [`${service}.keystore.p12`, 'PKCS12'],
        ]) {
          const listing = await keytoolList({ path: path.join(certs, service, file!), password: keystorePassword }, ['-storetype', type!]);
          assert.equal(listing.code, 0, listing.output);
          assert.match(listing.output, /Your keystore contains 1 entry/);
          assert.match(listing.output, /Entry type: PrivateKeyEntry/);
          assert.match(listing.output, /Certificate chain length: 2/);
          assert.match(listing.output, new RegExp(`Alias name: ${service}`));
          assert.match(
            listing.output,
            keyAlgorithm === 'ecdsa-p256' ? /Subject Public Key Algorithm: 256-bit EC \(secp256r1\) key/ : /Subject Public Key Algorithm: 2048-bit RSA key/,
          );
        }
        const trust = await keytoolList({ path: path.join(certs, service, `${service}.truststore.jks`), password: truststorePassword });
        assert.equal(trust.code, 0, trust.output);
        assert.match(trust.output, /Your keystore contains 1 entry/);
        assert.match(trust.output, /Entry type: trustedCertEntry/);
        const changeit = await keytoolList({ path: path.join(certs, service, `${service}.keystore.jks`), password: 'changeit' });
        assert.notEqual(changeit.code, 0);
      });
    }

    test("a Java TLS server on Cassandra's generated PKCS12 keystore completes a TLS 1.3 handshake with a verifying Node client", async () => {
      const server = await startJavaTlsServer(path.join(certs, 'cassandra/cassandra.keystore.p12'), 'PKCS12', await secret('CASSANDRA_KEYSTORE_PASSWORD'), 2);
      try {
        assert.deepEqual(await greet(server.port, caPem, 'cassandra'), { greeting: 'hello from java\n', protocol: 'TLSv1.3', authorized: true });
        await assert.rejects(greet(server.port, caPem, 'kafka'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      } finally {
        server.child.kill();
      }
    });

    test("a Java TLS server on Kafka's generated JKS keystore completes a TLS 1.3 handshake with a verifying Node client", async () => {
      const server = await startJavaTlsServer(path.join(certs, 'kafka/kafka.keystore.jks'), 'JKS', await secret('KAFKA_KEYSTORE_PASSWORD'), 3);
      try {
        for (const servername of ['kafka', 'localhost']) {
          assert.deepEqual(await greet(server.port, caPem, servername), { greeting: 'hello from java\n', protocol: 'TLSv1.3', authorized: true });
        }
        await assert.rejects(greet(server.port, caPem, 'cassandra'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      } finally {
        server.child.kill();
      }
    });

    test("Debian's PostgreSQL runs ssl=on on the generated cert/key; pg connects with the CA and rejectUnauthorized", async () => {
      const postgres = await startHostPostgres({
        cert: path.join(certs, 'postgres/server.crt'),
        key: path.join(certs, 'postgres/server.key'),
        ca: path.join(certs, 'postgres/root.crt'),
      });
      try {
        const base = { port: postgres.port, user: 'postgres', password: postgres.superuserPassword, database: 'postgres' };
        const viaLocalhost = await queryOnce(
          { ...base, host: 'localhost', ssl: { ca: caPem, rejectUnauthorized: true } },
          'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
        );
        assert.deepEqual(viaLocalhost.rows[0], { ssl: true, version: 'TLSv1.3' });
        // pg verifies an IP host against "localhost" unless ssl.host names it (node-postgres: packages/pg/lib/connection.js `upgradeToSSL`).
        const viaIp = await queryOnce(
          { ...base, host: '127.0.0.1', ssl: { ca: caPem, rejectUnauthorized: true, host: '127.0.0.1' } as never },
          'SELECT 1 AS one',
        );
        assert.equal(viaIp.rows[0].one, 1);
        await assert.rejects(queryOnce({ ...base, host: '127.0.0.1', ssl: false }, 'SELECT 1'), /no pg_hba\.conf entry|SSL off/);
        await assert.rejects(
          queryOnce(
            { ...base, host: 'localhost', ssl: { ca: await readFile(path.join(certs, 'kafka/tls.crt'), 'utf8'), rejectUnauthorized: true } },
            'SELECT 1',
          ),
          /certificate|self.signed|unable to verify/i,
        );
      } finally {
        await postgres.stop();
      }
    });
  });
