import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../config/key-algorithms.js';
import { canonicalSan, parseSans } from './inspect-cert.js';
import { issueCertificate } from './issue.js';
import { generateKey, keyAlgorithmOf } from './keys.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const ORG = 'Conscious Rocket';

async function caFor(algorithm: KeyAlgorithm, validityDays = 3650) {
  const keyPem = await generateKey(algorithm);
  const certPem = issueCertificate({ commonName: 'test CA', organization: ORG, sans: [], extendedKeyUsage: [], isCa: true, validityDays, keyPem, now: NOW });
  return { keyPem, certPem, x509: new X509Certificate(certPem) };
}

async function leafOf(ca: { keyPem: string; certPem: string }, algorithm: KeyAlgorithm, sans: string[], validityDays = 397) {
  const keyPem = await generateKey(algorithm);
  const certPem = issueCertificate({
    commonName: 'kafka',
    organization: ORG,
    sans,
    extendedKeyUsage: ['serverAuth'],
    isCa: false,
    validityDays,
    keyPem,
    issuer: ca,
    now: NOW,
  });
  return { keyPem, x509: new X509Certificate(certPem) };
}

for (const algorithm of ['ecdsa-p256', 'rsa-2048'] as const) {
  test(`${algorithm}: a CA and a leaf that Node's own X.509 code verifies, keys of the asked type`, async () => {
    const ca = await caFor(algorithm);
    assert.ok(ca.x509.ca && ca.x509.verify(ca.x509.publicKey) && ca.x509.checkIssued(ca.x509));
    const leaf = await leafOf(ca, algorithm, ['kafka', '127.0.0.1']);
    // checkIssued compares the leaf's authority key identifier with the CA's subject key identifier.
    assert.ok(leaf.x509.checkIssued(ca.x509) && leaf.x509.verify(ca.x509.publicKey));
    assert.ok(leaf.x509.checkPrivateKey(createPrivateKey(leaf.keyPem)));
    assert.equal(keyAlgorithmOf(leaf.x509.publicKey), algorithm);
    assert.equal(leaf.x509.issuer, ca.x509.subject);
    assert.equal(leaf.x509.ca, false);
  });
}

test('an EC leaf under an RSA CA and the reverse: the signature follows the issuer key', async () => {
  for (const [caAlgorithm, leafAlgorithm] of [
    ['rsa-2048', 'ecdsa-p256'],
    ['ecdsa-p256', 'rsa-2048'],
  ] as const) {
    const ca = await caFor(caAlgorithm);
    const leaf = await leafOf(ca, leafAlgorithm, ['kafka']);
    assert.ok(leaf.x509.verify(ca.x509.publicKey), `${leafAlgorithm} under ${caAlgorithm}`);
  }
});

test('every accepted SAN spelling is in the certificate as the config says it', async () => {
  const ca = await caFor('ecdsa-p256');
  const sans = [
    'kafka',
    'Kafka.Example.COM',
    'xn--bcher-kva.example',
    '10.0.0.5',
    '0.0.0.0',
    '255.255.255.255',
    '::1',
    'FD00:0:0:0:0:0:0:11',
    'fd00::10',
    '64:ff9b::192.0.2.1',
    '::127.0.0.2',
    '2001:db8::',
  ];
  const leaf = await leafOf(ca, 'ecdsa-p256', sans);
  assert.deepEqual(parseSans(leaf.x509.subjectAltName).map(canonicalSan), sans.map(canonicalSan));
  assert.match(leaf.x509.subjectAltName ?? '', /IP Address:64:FF9B:0:0:0:0:C000:201/);
  assert.match(leaf.x509.subjectAltName ?? '', /IP Address:255\.255\.255\.255/);
});

test('a SAN the config check refuses is never encoded as something else', async () => {
  const ca = await caFor('ecdsa-p256');
  for (const san of ['256.1.1.1', '::ffff:127.0.0.1', '127.000.0.1']) {
    await assert.rejects(leafOf(ca, 'ecdsa-p256', [san]), /cannot be encoded/, san);
  }
});

test('a leaf never outlives its CA: notAfter is capped at the CA notAfter', async () => {
  const ca = await caFor('ecdsa-p256', 100);
  const leaf = await leafOf(ca, 'ecdsa-p256', ['kafka'], 397);
  assert.equal(leaf.x509.validTo, ca.x509.validTo);
  const shortLeaf = await leafOf(ca, 'ecdsa-p256', ['kafka'], 30);
  assert.ok(new Date(shortLeaf.x509.validTo) < new Date(ca.x509.validTo));
});

test('every configurable algorithm makes a key of that type', async () => {
  for (const algorithm of KEY_ALGORITHMS.filter((a) => a !== 'rsa-4096')) {
    assert.equal(keyAlgorithmOf(createPrivateKey(await generateKey(algorithm))), algorithm);
  }
});
