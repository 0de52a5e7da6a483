/**
 * Proves with Java 17 itself (keytool, a JSSE TLS server), not with our decoder, that the stores rocketctl writes
 * are what Kafka and Cassandra will load. A missing JDK fails the suite: these are the only proofs of the format.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { encodeJksKeyStore, encodeJksTrustStore } from '../../src/tls/jks.js';
import { encodePkcs12KeyStore } from '../../src/tls/pkcs12.js';
import { greet as greetWith, keytoolList, requireJdk17, startJavaTlsServer } from '../support/java.js';

const ALIAS = 'kafka';

interface KeyAndCert {
  keyPem: string;
  keyPkcs8Der: Buffer;
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

// RSA material signed by node-forge, EC material made by the openssl CLI (forge cannot handle EC keys):
// neither by rocketctl's own issuer, so only the store encoders are under test.
const VARIANTS = [
  { name: 'RSA-2048', makeMaterial: rsaMaterialByForge, keytoolKey: /Subject Public Key Algorithm: 2048-bit RSA key/ },
  { name: 'EC P-256', makeMaterial: ecMaterialByOpenssl, keytoolKey: /Subject Public Key Algorithm: 256-bit EC \(secp256r1\) key/ },
];

for (const variant of VARIANTS)
  describe(`Java stores holding an ${variant.name} key`, () => {
    before(async () => {
      await requireJdk17();
      stores = await writeStores(await variant.makeMaterial());
    });

    after(async () => {
      if (stores) await rm(stores.dir, { recursive: true, force: true });
    });

    test('keytool shows the key type of the JKS and PKCS12 keystores', async () => {
      for (const [store, type] of [
        [stores.jksKeyStore, 'JKS'],
        [stores.pkcs12KeyStore, 'PKCS12'],
      ] as const) {
        const listing = await keytoolList(store, ['-storetype', type]);
        assert.equal(listing.code, 0, listing.output);
        assert.match(listing.output, variant.keytoolKey);
      }
    });

    test('openssl opens the PKCS12 keystore with its password: MAC, key and chain', async () => {
      const { exitCode, stdout, stderr } = await execa('openssl', ['pkcs12', '-in', stores.pkcs12KeyStore.path, '-nodes', '-passin', 'env:STORE_PASSWORD'], {
        env: { STORE_PASSWORD: stores.pkcs12KeyStore.password },
        reject: false,
      });
      assert.equal(exitCode, 0, stderr);
      assert.equal(stdout.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
      const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(stdout)?.[0];
      assert.ok(keyPem && createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }).equals(stores.leaf.keyPkcs8Der));
      const wrong = await execa('openssl', ['pkcs12', '-in', stores.pkcs12KeyStore.path, '-nodes', '-passin', 'pass:wrong-password'], { reject: false });
      assert.notEqual(wrong.exitCode, 0);
      assert.match(wrong.stderr, /mac verify (failure|error)/i);
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
  });

function assertSingleKeyEntry(output: string): void {
  assert.match(output, /^Your keystore contains 1 entry$/m);
  assert.match(output, new RegExp(`^Alias name: ${ALIAS}$`, 'm'));
  assert.match(output, /^Entry type: PrivateKeyEntry$/m);
  assert.match(output, /^Certificate chain length: 2$/m);
  const leafAt = output.indexOf(`SHA256: ${sha256Fingerprint(stores.leaf.certDer)}`);
  const caAt = output.indexOf(`SHA256: ${sha256Fingerprint(stores.ca.certDer)}`);
  assert.ok(leafAt > 0 && caAt > leafAt, `chain is leaf then CA:\n${output}`);
}

async function rsaMaterialByForge(): Promise<{ ca: KeyAndCert; leaf: KeyAndCert }> {
  const [ca, leafKey] = await Promise.all([generateRsaKey(), generateRsaKey()]);
  const caCert = signCertificate({ commonName: 'rocket test CA', publicKeyOf: ca, signer: ca, extensions: caExtensions });
  const leafCert = signCertificate({
    commonName: 'kafka',
    publicKeyOf: leafKey,
    signer: ca,
    issuer: caCert,
    extensions: leafExtensions,
  });
  return { ca: { ...ca, ...certForms(caCert) }, leaf: { ...leafKey, ...certForms(leafCert) } };
}

async function ecMaterialByOpenssl(): Promise<{ ca: KeyAndCert; leaf: KeyAndCert }> {
  const dir = await mkdtemp(join(tmpdir(), 'rocketctl-java-keystores-ec-'));
  try {
    const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-noenc'];
    await execa('openssl', [
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.crt'),
      '-subj',
      '/CN=rocket test CA',
      '-days',
      '1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await execa('openssl', ['req', '-new', ...newKey, '-keyout', join(dir, 'leaf.key'), '-out', join(dir, 'leaf.csr'), '-subj', '/CN=kafka']);
    await writeFile(
      join(dir, 'leaf.ext'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:kafka,DNS:localhost,IP:127.0.0.1\n',
    );
    await execa('openssl', [
      'x509',
      '-req',
      '-in',
      join(dir, 'leaf.csr'),
      '-CA',
      join(dir, 'ca.crt'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      join(dir, 'leaf.ext'),
      '-out',
      join(dir, 'leaf.crt'),
    ]);
    const read = async (name: string): Promise<KeyAndCert> => {
      const keyPem = await readFile(join(dir, `${name}.key`), 'utf8');
      const certPem = await readFile(join(dir, `${name}.crt`), 'utf8');
      return {
        keyPem,
        keyPkcs8Der: createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }),
        certPem,
        certDer: Buffer.from(new X509Certificate(certPem).raw),
      };
    };
    return { ca: await read('ca'), leaf: await read('leaf') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeStores({ ca: caMaterial, leaf }: { ca: KeyAndCert; leaf: KeyAndCert }): Promise<Stores> {
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
