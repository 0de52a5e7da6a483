import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { issueCertificate } from './issue.js';
import { encodePkcs12KeyStore } from './pkcs12.js';
import { decodePkcs12KeyStore } from './pkcs12-read.js';
import { generateKey } from './keys.js';

async function chain(algorithm: 'ecdsa-p256' | 'rsa-2048') {
  const base = { organization: 'Conscious Rocket', extendedKeyUsage: [] as const, validityDays: 30 };
  const caKeyPem = await generateKey(algorithm);
  const caPem = issueCertificate({ ...base, commonName: 'CA', sans: [], isCa: true, keyPem: caKeyPem });
  const keyPem = await generateKey(algorithm);
  const leafPem = issueCertificate({ ...base, commonName: 'kafka', sans: ['kafka'], isCa: false, keyPem, issuer: { certPem: caPem, keyPem: caKeyPem } });
  return { keyPem, chainPem: [leafPem, caPem] };
}

const der = (pem: string) => Buffer.from(new X509Certificate(pem).raw);

for (const algorithm of ['ecdsa-p256', 'rsa-2048'] as const) {
  test(`${algorithm}: what the encoder writes reads back, key and chain, only with the password`, async () => {
    const { keyPem, chainPem } = await chain(algorithm);
    const bytes = encodePkcs12KeyStore({ alias: 'Kafka', privateKeyPem: keyPem, chainPem, password: 'a-store-password-0123' });
    const read = decodePkcs12KeyStore(bytes, 'a-store-password-0123');
    assert.deepEqual(read.certDers, chainPem.map(der));
    assert.equal(read.privateKeys.length, 1);
    assert.ok(new X509Certificate(chainPem[0]!).checkPrivateKey(read.privateKeys[0]!));
    assert.throws(() => decodePkcs12KeyStore(bytes, 'a-store-password-0124'), /integrity check failed: wrong password/);
  });
}

test('a keystore node-forge wrote (before EC support) still reads, so an upgrade does not rewrite it', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  cert.serialNumber = '01';
  cert.setSubject([{ name: 'commonName', value: 'kafka' }]);
  cert.setIssuer([{ name: 'commonName', value: 'kafka' }]);
  cert.sign(forgeKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], 'a-store-password-0123', { algorithm: 'aes256', friendlyName: 'kafka', generateLocalKeyId: true });
  const read = decodePkcs12KeyStore(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), 'a-store-password-0123');
  assert.deepEqual(read.certDers, [der(forge.pki.certificateToPem(cert))]);
  assert.equal(read.privateKeys[0]!.export({ type: 'pkcs8', format: 'pem' }), keyPem);
});

test('garbage and truncated files are refused with a reason, never read as empty', async () => {
  const { keyPem, chainPem } = await chain('ecdsa-p256');
  const bytes = encodePkcs12KeyStore({ alias: 'kafka', privateKeyPem: keyPem, chainPem, password: 'a-store-password-0123' });
  assert.throws(() => decodePkcs12KeyStore(Buffer.from('garbage'), 'a-store-password-0123'));
  assert.throws(() => decodePkcs12KeyStore(bytes.subarray(0, bytes.length - 40), 'a-store-password-0123'));
});
