/**
 * Every server of the stack, on the lab, serves a certificate of either key algorithm and its clients log in
 * through it: Kafka (TLS 1.3 + SCRAM-SHA-512, JKS stores), Cassandra (JKS), Postgres (OpenSSL) and the
 * CouchDB-protocol peer (Node). The project starts on RSA-2048 and then drops the setting, so the same run
 * proves the upgrade path to the default (ECDSA P-256): every key re-issued, every container replaced.
 */
import { retry } from '../../src/shared/retry.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import { execa } from 'execa';
import { Kafka, logLevel } from 'kafkajs';
import { projectCli } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { queryOnce } from '../support/store-clients.js';

const PROJECT = 'rocketctl-tls-consumers';
const SERVICES = ['kafka', 'cassandra', 'postgres', 'couchdb'] as const;
const ENDPOINT = { kafka: 'tls', cassandra: 'cql', postgres: 'sql', couchdb: 'https' } as const;
const CERT_FILE = { kafka: 'kafka/tls.crt', cassandra: 'cassandra/tls.crt', postgres: 'postgres/server.crt', couchdb: 'couchdb/couchdb.pem' } as const;
type Status = { services: Array<{ name: string; endpoints: Record<string, string> }> };

describe('TLS consumers on the lab: RSA-2048, then the ECDSA P-256 default', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  let endpoints: Record<string, Record<string, string>>;
  let caFile: string;
  const cli = projectCli(() => project.dir);
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  const hostPort = (service: (typeof SERVICES)[number]) => {
    const [host, port] = endpoints[service]![ENDPOINT[service]]!.split(':');
    return { host: host!, port: Number(port) };
  };

  before(async () => {
    project = await createLabProject(PROJECT, `{ tls: { keyAlgorithm: 'rsa-2048' } }`, { portOffset: -1000 });
    caFile = path.join(project.dir, 'certs/ca/ca.crt');
  });
  after(() => project?.cleanup());

  for (const keyAlgorithm of ['rsa-2048', 'ecdsa-p256'] as const) {
    describe(keyAlgorithm, () => {
      before(async () => {
        if (keyAlgorithm === 'ecdsa-p256') {
          const configFile = path.join(project.dir, 'rocketctl.config.ts');
          const config = await readFile(configFile, 'utf8');
          await writeFile(configFile, config.replace(`{ tls: { keyAlgorithm: 'rsa-2048' } }`, '{}'));
        }
        const result = await cli('up', ...SERVICES);
        assert.equal(result.exitCode, 0, result.stderr);
        const status = JSON.parse((await cli('status', '--json')).stdout) as Status;
        endpoints = Object.fromEntries(status.services.map((s) => [s.name, s.endpoints]));
      });

      for (const service of SERVICES) {
        test(`${service} serves the current ${keyAlgorithm} certificate, verified against the CA by OpenSSL`, async () => {
          const { host, port } = hostPort(service);
          const args = [
            's_client',
            '-connect',
            `${host}:${port}`,
            '-CAfile',
            caFile,
            '-verify_return_error',
            '-verify_hostname',
            'localhost',
            '-servername',
            'localhost',
          ];
          const handshake = await execa('openssl', [...args, ...(service === 'postgres' ? ['-starttls', 'postgres'] : [])], {
            input: '',
            reject: false,
            timeout: 20_000,
          });
          assert.equal(handshake.exitCode, 0, handshake.stderr);
          assert.match(handshake.stdout, /Verify return code: 0 \(ok\)/);
          assert.match(handshake.stdout, /New, TLSv1\.3, Cipher is TLS_/);
          const served = new X509Certificate(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(handshake.stdout)![0]);
          const onDisk = new X509Certificate(await readFile(path.join(project.dir, 'certs', CERT_FILE[service])));
          assert.equal(served.fingerprint256, onDisk.fingerprint256, 'the container runs the certificate certs gen wrote');
          const details = served.publicKey.asymmetricKeyDetails!;
          if (keyAlgorithm === 'ecdsa-p256') assert.deepEqual([served.publicKey.asymmetricKeyType, details.namedCurve], ['ec', 'prime256v1']);
          else assert.deepEqual([served.publicKey.asymmetricKeyType, details.modulusLength], ['rsa', 2048]);
        });
      }

      test('Kafka: kafkajs logs in as admin over TLS 1.3 + SCRAM-SHA-512 and reads metadata', async () => {
        const { host, port } = hostPort('kafka');
        const admin = new Kafka({
          brokers: [`${host}:${port}`],
          ssl: { ca: [await readFile(caFile, 'utf8')], servername: 'localhost' },
          sasl: { mechanism: 'scram-sha-512', username: 'admin', password: await secret('KAFKA_ADMIN_PASSWORD') },
          logLevel: logLevel.NOTHING,
          retry: { retries: 2 },
        }).admin();
        await admin.connect();
        try {
          assert.equal((await admin.describeCluster()).brokers.length, 1);
        } finally {
          await admin.disconnect();
        }
      });

      test('Postgres: pg over verified TLS 1.3 logs in with SCRAM', async () => {
        const { host, port } = hostPort('postgres');
        const config = {
          host,
          port,
          user: 'postgres',
          password: await secret('POSTGRES_SUPERUSER_PASSWORD'),
          database: 'postgres',
          ssl: { ca: await readFile(caFile, 'utf8'), servername: 'postgres', rejectUnauthorized: true },
        };
        assert.deepEqual((await queryOnce(config, 'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0], {
          ssl: true,
          version: 'TLSv1.3',
        });
      });

      test('Cassandra: cassandra-driver over verified TLS authenticates and queries', async () => {
        const { host, port } = hostPort('cassandra');
        const ca = await readFile(caFile, 'utf8');
        // Before `seed` the only login is Cassandra's bootstrap superuser, which appears ~10 s after a fresh start.
        const version = await retry(
          async () => {
            const client = new cassandra.Client({
              contactPoints: [`${host}:${port}`],
              localDataCenter: 'datacenter1',
              credentials: { username: 'cassandra', password: 'cassandra' },
              sslOptions: { ca: [ca], rejectUnauthorized: true, servername: 'cassandra', checkServerIdentity: () => undefined },
              socketOptions: { connectTimeout: 5000 },
            });
            try {
              await client.connect();
              return (await client.execute('SELECT release_version FROM system.local')).first()?.release_version as string;
            } finally {
              await client.shutdown();
            }
          },
          { timeoutMs: 60_000, intervalMs: 2_000, onGiveUp: (error) => error as Error },
        );
        assert.match(version ?? '', /^5\.0\./);
      });

      test('CouchDB peer: HTTPS verified against the CA, 200 as admin, 401 without credentials', async () => {
        const { port } = hostPort('couchdb');
        const ca = await readFile(caFile, 'utf8');
        const get = (auth?: string) =>
          new Promise<number>((resolve, reject) => {
            https
              .get(
                {
                  host: '127.0.0.1',
                  port,
                  path: '/',
                  ca,
                  servername: 'couchdb',
                  agent: false,
                  headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
                },
                (res) => (res.resume(), resolve(res.statusCode!)),
              )
              .on('error', reject);
          });
        assert.equal(await get(`admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`), 200);
        assert.equal(await get(), 401);
      });
    });
  }
});
