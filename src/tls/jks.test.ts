import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { decodeJks, encodeJksKeyStore, encodeJksTrustStore, JksError } from './jks.js';

const createdAt = new Date('2025-01-02T03:04:05.678Z');
const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'der' });
const leafDer = randomBytes(300);
const caDer = randomBytes(280);

function keyStore(overrides: Partial<Parameters<typeof encodeJksKeyStore>[0]> = {}): Buffer {
  return encodeJksKeyStore({
    alias: 'kafka',
    privateKeyPkcs8Der: pkcs8,
    chainDer: [leafDer, caDer],
    storePassword: 'store-secret',
    createdAt,
    ...overrides,
  });
}

test("an empty store with password changeit matches the JDK's own output", () => {
  const bytes = encodeJksTrustStore({ entries: [], storePassword: 'changeit', createdAt });
  const digest = 'e2686e45fb43dfa4d992dd41ceb6b21c6330d792';
  assert.equal(bytes.toString('hex'), 'feedfeed' + '00000002' + '00000000' + digest);
  assert.deepEqual(decodeJks(bytes, 'changeit').entries, []);
});

test("the key protector keystream with a zero salt matches the JDK KeyProtector's D1 and D2", () => {
  const salt = Buffer.alloc(20);
  const bytes = keyStore({ alias: 'a', storePassword: 'changeit', salt });
  // SEQUENCE { SEQUENCE { OID 1.3.6.1.4.1.42.2.17.1.1, NULL }, OCTET STRING (2-byte length) }, as keytool writes it.
  const keyProtectorPrefix = Buffer.from('300e060a2b060104012a0211010105000482', 'hex');
  const at = bytes.indexOf(keyProtectorPrefix);
  assert.ok(at > 0, 'protected key carries the JDK key protector OID with NULL parameters');
  const saltAt = at + keyProtectorPrefix.length + 2;
  assert.deepEqual(bytes.subarray(saltAt, saltAt + 20), salt);
  const encrypted = bytes.subarray(saltAt + 20, saltAt + 20 + 40);
  const keystream = Buffer.from(encrypted.map((byte, index) => byte ^ (pkcs8[index] as number)));
  assert.equal(keystream.toString('hex'), 'd9ef33a5e5eb29bbb553ba03c2c9b0f7f5f3cfb8' + '408b28a27fa4ccf28472c2e2ed49bcc0bb54b382');
});

test('a keystore round-trips: alias, date, chain and private key', () => {
  const { entries } = decodeJks(keyStore(), 'store-secret');
  assert.deepEqual(entries, [{ kind: 'key', alias: 'kafka', createdAt, certDers: [leafDer, caDer], privateKeyPkcs8Der: pkcs8 }]);
});

test('a truststore round-trips every trusted certificate entry', () => {
  const bytes = encodeJksTrustStore({
    entries: [
      { alias: 'rocket-ca', certDer: caDer },
      { alias: 'other-ca', certDer: leafDer },
    ],
    storePassword: 'trust-secret',
    createdAt,
  });
  assert.deepEqual(decodeJks(bytes, 'trust-secret').entries, [
    { kind: 'trusted', alias: 'rocket-ca', createdAt, certDers: [caDer] },
    { kind: 'trusted', alias: 'other-ca', createdAt, certDers: [leafDer] },
  ]);
});

test('mixed-case aliases are written lowercase, as Java looks them up', () => {
  const [entry] = decodeJks(keyStore({ alias: 'Kafka-Broker' }), 'store-secret').entries;
  assert.equal(entry?.alias, 'kafka-broker');
  assert.throws(
    () =>
      encodeJksTrustStore({
        entries: [
          { alias: 'CA', certDer: caDer },
          { alias: 'ca', certDer: caDer },
        ],
        storePassword: 'x',
        createdAt,
      }),
    /used twice/,
  );
});

test('aliases are Java modified UTF-8: supplementary characters as two 3-byte surrogates', () => {
  const bytes = keyStore({ alias: 'café-😀' });
  const length = Buffer.from([0x00, 0x0c]);
  const expected = Buffer.concat([length, Buffer.from('caf\xc3\xa9-', 'latin1'), Buffer.from('eda0bdedb880', 'hex')]);
  assert.deepEqual(bytes.subarray(16, 16 + expected.length), expected);
  assert.equal(decodeJks(bytes, 'store-secret').entries[0]?.alias, 'café-😀');
});

test('passwords are UTF-16BE, so non-ASCII passwords round-trip', () => {
  const storePassword = 'pässwörd-€-😀';
  assert.equal(decodeJks(keyStore({ storePassword }), storePassword).entries.length, 1);
  assert.throws(() => decodeJks(keyStore({ storePassword }), 'p\xe4sswörd-€-😀x'), JksError);
});

test('a wrong store password is rejected', () => {
  assert.throws(() => decodeJks(keyStore(), 'wrong'), {
    name: 'JksError',
    message: 'keystore integrity check failed: wrong password or corrupted file',
  });
});

test('a key protected with a different key password is not recovered with the store password', () => {
  const bytes = keyStore({ keyPassword: 'key-secret' });
  assert.throws(() => decodeJks(bytes, 'store-secret'), /cannot recover the private key of "kafka"/);
  assert.deepEqual(decodeJks(bytes, 'store-secret', 'key-secret').entries[0]?.privateKeyPkcs8Der, pkcs8);
});

test('every truncation of a keystore is rejected', () => {
  const bytes = keyStore();
  for (let length = 0; length < bytes.length; length++) {
    assert.throws(() => decodeJks(bytes.subarray(0, length), 'store-secret'), JksError, `truncated to ${length} bytes`);
  }
});

test('a flipped byte, trailing bytes and a foreign file are rejected', () => {
  const flipped = keyStore();
  flipped[40] = (flipped[40] as number) ^ 0x01;
  assert.throws(() => decodeJks(flipped, 'store-secret'), JksError);
  assert.throws(() => decodeJks(Buffer.concat([keyStore(), Buffer.from([0])]), 'store-secret'), /trailing bytes/);
  assert.throws(() => decodeJks(Buffer.alloc(64, 0x30), 'store-secret'), /not a JKS keystore/);
});

test('invalid input is refused before anything is written', () => {
  assert.throws(() => keyStore({ chainDer: [] }), /certificate chain/);
  assert.throws(() => keyStore({ alias: '' }), /alias cannot be empty/);
  assert.throws(() => keyStore({ salt: Buffer.alloc(8) }), /salt must be 20 bytes/);
  assert.throws(() => keyStore({ createdAt: new Date(Number.NaN) }), /not a valid date/);
});
