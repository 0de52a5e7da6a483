/**
 * Proves with Java 17 itself (keytool, a JSSE TLS server), not with our decoder, that the stores rocketctl writes
 * are what Kafka and Cassandra will load. A missing JDK fails the suite: these are the only proofs of the format.
 */
import assert from 'node:assert/strict';
import { generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { encodeJksKeyStore, encodeJksTrustStore } from '../../src/tls/jks.js';
import { encodePkcs12KeyStore } from '../../src/tls/pkcs12.js';
import { greet as greetWith, keytoolList, requireJdk17, startJavaTlsServer } from '../support/java.js';

const ALIAS = 'kafka';

interface KeyAndCert {
  keyPem: string;
  keyPkcs8Der: Buffer;
  cert: forge.pki.Certificate;
  certPem: string;
  certDer: Buffer;
}

interface Stores {
  dir: string;
  ca: KeyAndCert;
  leaf: KeyAndCert;
  jksKeyStore: { path: string; password: string };
  pkcs12KeyStore: { path: string; password: string };
  jksTrustStore: { path: string; password: string };
}

let stores: Stores;

before(async () => {
  await requireJdk17();
  stores = await writeStores();
});

after(async () => {
  if (stores) await rm(stores.dir, { recursive: true, force: true });
});

test('keytool lists the JKS keystore as one PrivateKeyEntry with a chain of 2', async () => {
  const listing = await keytoolList(stores.jksKeyStore);
  assert.equal(listing.code, 0, listing.output);
  assertSingleKeyEntry(listing.output);
  assert.match(listing.output, /^Keystore type: JKS$/m);
});

test('keytool lists the PKCS12 keystore as one PrivateKeyEntry with a chain of 2', async () => {
  const listing = await keytoolList(stores.pkcs12KeyStore, ['-storetype', 'PKCS12']);
  assert.equal(listing.code, 0, listing.output);
  assertSingleKeyEntry(listing.output);
  assert.match(listing.output, /^Keystore type: PKCS12$/m);
});

test('keytool lists the JKS truststore as one trustedCertEntry holding the CA', async () => {
  const listing = await keytoolList(stores.jksTrustStore);
  assert.equal(listing.code, 0, listing.output);
  assert.match(listing.output, /^Your keystore contains 1 entry$/m);
  assert.match(listing.output, /^Entry type: trustedCertEntry$/m);
  assert.match(listing.output, /^Alias name: rocket-ca$/m);
  assert.ok(listing.output.includes(`SHA256: ${sha256Fingerprint(stores.ca.certDer)}`), listing.output);
});

test('keytool refuses every store opened with a wrong password', async () => {
  for (const [store, type] of [
    [stores.jksKeyStore, 'JKS'],
    [stores.pkcs12KeyStore, 'PKCS12'],
    [stores.jksTrustStore, 'JKS'],
  ] as const) {
    const listing = await keytoolList({ ...store, password: `${store.password}x` }, ['-storetype', type]);
    assert.notEqual(listing.code, 0, `${store.path} opened with a wrong password:\n${listing.output}`);
    // JKS says "password was incorrect"; PKCS12 says "Integrity check failed".
    assert.match(listing.output, /password was incorrect|Integrity check failed/);
  }
});

for (const type of ['JKS', 'PKCS12'] as const) {
  test(`a Java TLS server on the ${type} keystore serves Node clients that verify the CA and host name`, async () => {
    const store = type === 'JKS' ? stores.jksKeyStore : stores.pkcs12KeyStore;
    const server = await startJavaTlsServer(store.path, type, store.password, 4);
    try {
      for (const servername of ['kafka', 'localhost', undefined /* host 127.0.0.1 → IP SAN */]) {
        const reply = await greet(server.port, servername);
        assert.deepEqual(reply, { greeting: 'hello from java\n', protocol: 'TLSv1.3', authorized: true }, servername);
      }
      await assert.rejects(greet(server.port, 'zookeeper-1'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      assert.equal(await server.exitCode, 0, server.output());
    } finally {
      server.child.kill();
    }
  });
}

function assertSingleKeyEntry(output: string): void {
  assert.match(output, /^Your keystore contains 1 entry$/m);
  assert.match(output, new RegExp(`^Alias name: ${ALIAS}$`, 'm'));
  assert.match(output, /^Entry type: PrivateKeyEntry$/m);
  assert.match(output, /^Certificate chain length: 2$/m);
  const leafAt = output.indexOf(`SHA256: ${sha256Fingerprint(stores.leaf.certDer)}`);
  const caAt = output.indexOf(`SHA256: ${sha256Fingerprint(stores.ca.certDer)}`);
  assert.ok(leafAt > 0 && caAt > leafAt, `chain is leaf then CA:\n${output}`);
}

async function writeStores(): Promise<Stores> {
  const [ca, leafKey] = await Promise.all([generateRsaKey(), generateRsaKey()]);
  const caCert = signCertificate({ commonName: 'rocket test CA', publicKeyOf: ca, signer: ca, extensions: caExtensions });
  const leafCert = signCertificate({
    commonName: 'kafka',
    publicKeyOf: leafKey,
    signer: ca,
    issuer: caCert,
    extensions: leafExtensions,
  });
  const caMaterial = { ...ca, ...certForms(caCert) };
  const leaf = { ...leafKey, ...certForms(leafCert) };

  const dir = await mkdtemp(join(tmpdir(), 'rocketctl-java-keystores-'));
  const createdAt = new Date();
  const jksKeyStore = { path: join(dir, 'kafka.keystore.jks'), password: randomPassword() };
  const pkcs12KeyStore = { path: join(dir, 'kafka.keystore.p12'), password: randomPassword() };
  const jksTrustStore = { path: join(dir, 'kafka.truststore.jks'), password: randomPassword() };
  const keyStoreJks = encodeJksKeyStore({
    alias: ALIAS,
    privateKeyPkcs8Der: leaf.keyPkcs8Der,
    chainDer: [leaf.certDer, caMaterial.certDer],
    storePassword: jksKeyStore.password,
    createdAt,
  });
  const keyStoreP12 = encodePkcs12KeyStore({
    alias: ALIAS,
    privateKeyPem: leaf.keyPem,
    chainPem: [leaf.certPem, caMaterial.certPem],
    password: pkcs12KeyStore.password,
  });
  const trustStore = encodeJksTrustStore({
    entries: [{ alias: 'rocket-ca', certDer: caMaterial.certDer }],
    storePassword: jksTrustStore.password,
    createdAt,
  });
  await writeFile(jksKeyStore.path, keyStoreJks, { mode: 0o600 });
  await writeFile(pkcs12KeyStore.path, keyStoreP12, { mode: 0o600 });
  await writeFile(jksTrustStore.path, trustStore, { mode: 0o644 });
  return { dir, ca: caMaterial, leaf, jksKeyStore, pkcs12KeyStore, jksTrustStore };
}

async function generateRsaKey(): Promise<{ keyPem: string; keyPkcs8Der: Buffer }> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyPkcs8Der: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

const caExtensions = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  { name: 'subjectKeyIdentifier' },
];

const leafExtensions = [
  { name: 'basicConstraints', cA: false, critical: true },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  { name: 'extKeyUsage', serverAuth: true },
  {
    name: 'subjectAltName',
    altNames: [
      { type: 2, value: 'kafka' },
      { type: 2, value: 'localhost' },
      { type: 7, ip: '127.0.0.1' },
    ],
  },
];

function signCertificate(request: {
  commonName: string;
  publicKeyOf: { keyPem: string };
  signer: { keyPem: string };
  issuer?: forge.pki.Certificate;
  extensions: object[];
}): forge.pki.Certificate {
  const privateKey = forge.pki.privateKeyFromPem(request.publicKeyOf.keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: request.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(request.issuer?.subject.attributes ?? subject);
  cert.setExtensions(request.extensions);
  cert.sign(forge.pki.privateKeyFromPem(request.signer.keyPem), forge.md.sha256.create());
  return cert;
}

function certForms(cert: forge.pki.Certificate): { cert: forge.pki.Certificate; certPem: string; certDer: Buffer } {
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { cert, certPem: forge.pki.certificateToPem(cert), certDer };
}

function sha256Fingerprint(certDer: Buffer): string {
  return new X509Certificate(certDer).fingerprint256;
}

function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

const greet = (port: number, servername: string | undefined) => greetWith(port, stores.ca.certPem, servername);
