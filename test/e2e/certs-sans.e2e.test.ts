/**
 * The config check and the issuer agree on SANs: what the config accepts goes into the certificate exactly as
 * written and is not re-issued on a re-run; what the issuer could not encode faithfully is refused up front.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { rocketctl } from '../support/cli.js';
import { changedFiles, createTempProject, hashTree } from '../support/temp-project.js';

// Every accepted spelling, and how OpenSSL prints it from the certificate (IPv6 expanded, upper case).
const ACCEPTED: Record<string, string> = {
  'db.internal': 'DNS:db.internal',
  'Kafka.Example.COM': 'DNS:Kafka.Example.COM',
  'xn--bcher-kva.example': 'DNS:xn--bcher-kva.example',
  '1a.example': 'DNS:1a.example',
  '10.0.0.5': 'IP Address:10.0.0.5',
  '0.0.0.0': 'IP Address:0.0.0.0',
  '255.255.255.255': 'IP Address:255.255.255.255',
  '::1': 'IP Address:0:0:0:0:0:0:0:1',
  'fd00::10': 'IP Address:FD00:0:0:0:0:0:0:10',
  'FD00:0:0:0:0:0:0:11': 'IP Address:FD00:0:0:0:0:0:0:11',
  '64:ff9b::192.0.2.1': 'IP Address:64:FF9B:0:0:0:0:C000:201',
  '::127.0.0.2': 'IP Address:0:0:0:0:0:0:7F00:2',
};

const REFUSED: Record<string, RegExp> = {
  '256.1.1.1': /256\.1\.1\.1 is no IPv4 address \(each part must be 0-255\)/,
  '127.000.0.1': /leading zeros make 127\.000\.0\.1 ambiguous .*write 127\.0\.0\.1/,
  '010.0.0.1': /leading zeros make 010\.0\.0\.1 ambiguous .*write 10\.0\.0\.1/,
  '12345': /12345 ends in a number/,
  '10.1.2': /10\.1\.2 ends in a number/,
  '::ffff:127.0.0.1': /::ffff:127\.0\.0\.1 is an IPv4-mapped IPv6 address, which clients never match; write 127\.0\.0\.1/,
  '::ffff:a00:5': /IPv4-mapped IPv6 address.*write 10\.0\.0\.5/,
  'fe80::1%eth0': /IPv6 zone/,
};

describe('certs gen: SANs in the certificate are what the config says', () => {
  test('every accepted spelling is issued once, reads back as written, and is ok on a re-run (byte-identical tree)', async () => {
    const project = await createTempProject(`{ services: { kafka: { sans: ${JSON.stringify(Object.keys(ACCEPTED))} } } }`);
    try {
      const first = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.equal(first.exitCode, 0, first.stderr);
      const { stdout } = await execa('openssl', ['x509', '-in', path.join(project.dir, 'certs/kafka/tls.crt'), '-noout', '-ext', 'subjectAltName']);
      const inCertificate = stdout.split('\n')[1]!.trim().split(', ');
      assert.deepEqual(inCertificate, ['DNS:kafka', 'DNS:localhost', 'IP Address:127.0.0.1', ...Object.values(ACCEPTED)]);
      const list = await rocketctl(['certs', 'list', '--json'], { cwd: project.dir });
      assert.equal(list.exitCode, 0, list.stdout);
      const before = await hashTree(path.join(project.dir, 'certs'));
      const again = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.equal(again.exitCode, 0, again.stderr);
      assert.match(again.stderr, /nothing written/);
      assert.deepEqual(changedFiles(before, await hashTree(path.join(project.dir, 'certs'))), []);
    } finally {
      await project.cleanup();
    }
  });

  test('every refused spelling exits 2 with its path and the reason, all at once, and nothing is written', async () => {
    const refused = Object.keys(REFUSED);
    const project = await createTempProject(`{ services: { kafka: { sans: ${JSON.stringify(refused)} } } }`);
    try {
      const result = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.equal(result.exitCode, 2, result.stderr);
      refused.forEach((san, index) => {
        const line = result.stderr.split('\n').find((l) => l.includes(`services.kafka.sans.${index}: `));
        assert.ok(line, `no line for services.kafka.sans.${index} (${san}):\n${result.stderr}`);
        assert.match(line, REFUSED[san]!);
      });
      assert.deepEqual([...(await hashTree(project.dir)).keys()], ['rocketctl.config.ts']);
    } finally {
      await project.cleanup();
    }
  });
});
