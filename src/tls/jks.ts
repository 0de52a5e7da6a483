/**
 * Java KeyStore (JKS) encoder and decoder, written from the format (openjdk: sun/security/provider/JavaKeyStore.java engineStore/engineLoad) because node-forge has no JKS.
 * Pure: bytes in, bytes out. Aliases are lowercased on write, as Java itself does on every lookup: a mixed-case
 * alias in the file would be listed by keytool but unreachable through `getKey`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { JksError } from './jks-error.js';
import { JksReader, javaDate, javaUtf, lengthPrefixed, passwordBytes, sha1, SHA1_LENGTH, u32 } from './java-data.js';
import { protectKey, recoverKey } from './jks-key-protector.js';

export { JksError };

export interface JksKeyStoreInput {
  alias: string;
  privateKeyPkcs8Der: Buffer;
  /** Leaf first, root last. */
  chainDer: Buffer[];
  storePassword: string;
  /** Defaults to storePassword: Kafka and Cassandra open the key with the store password unless told otherwise. */
  keyPassword?: string;
  createdAt: Date;
  /** Key-protector salt (20 bytes); random unless a test needs fixed output. */
  salt?: Buffer;
}

export interface JksTrustStoreInput {
  entries: { alias: string; certDer: Buffer }[];
  storePassword: string;
  createdAt: Date;
}

export interface JksEntry {
  kind: 'key' | 'trusted';
  alias: string;
  createdAt: Date;
  /** Key entries: the chain, leaf first. Trusted entries: the one certificate. */
  certDers: Buffer[];
  privateKeyPkcs8Der?: Buffer;
}

const MAGIC = 0xfeedfeed;
const VERSION = 2;
const TAG_PRIVATE_KEY = 1;
const TAG_TRUSTED_CERT = 2;
const CERT_TYPE = 'X.509';
const INTEGRITY_SALT = Buffer.from('Mighty Aphrodite', 'latin1');
const HEADER_LENGTH = 12;

export function encodeJksKeyStore(input: JksKeyStoreInput): Buffer {
  if (input.chainDer.length === 0) throw new JksError('a keystore entry needs a certificate chain (leaf first)');
  if (input.privateKeyPkcs8Der.length === 0) throw new JksError('the private key (PKCS#8 DER) is empty');
  const salt = input.salt ?? randomBytes(SHA1_LENGTH);
  if (salt.length !== SHA1_LENGTH) throw new JksError(`the key-protector salt must be ${SHA1_LENGTH} bytes`);
  const protectedKey = protectKey(input.privateKeyPkcs8Der, input.keyPassword ?? input.storePassword, salt);
  const entry = [
    u32(TAG_PRIVATE_KEY),
    javaUtf(normaliseAlias(input.alias)),
    javaDate(input.createdAt),
    lengthPrefixed(protectedKey),
    u32(input.chainDer.length),
    ...input.chainDer.flatMap((certDer) => [javaUtf(CERT_TYPE), lengthPrefixed(certDer)]),
  ];
  return sealStore(1, entry, input.storePassword);
}

export function encodeJksTrustStore(input: JksTrustStoreInput): Buffer {
  const aliases = input.entries.map((entry) => normaliseAlias(entry.alias));
  const duplicate = aliases.find((alias, index) => aliases.indexOf(alias) !== index);
  // Java keeps the last entry of a duplicated alias, silently dropping a trusted certificate.
  if (duplicate !== undefined) {
    throw new JksError(`truststore alias "${duplicate}" is used twice (aliases are case-insensitive)`);
  }
  const entries = input.entries.flatMap((entry, index) => [
    u32(TAG_TRUSTED_CERT),
    javaUtf(aliases[index] as string),
    javaDate(input.createdAt),
    javaUtf(CERT_TYPE),
    lengthPrefixed(entry.certDer),
  ]);
  return sealStore(input.entries.length, entries, input.storePassword);
}

/**
 * Reads a JKS file and proves it opens with `storePassword`: magic, version, structure and integrity digest,
 * then recovers each private key (with `keyPassword`, by default the store password). Throws JksError otherwise.
 */
export function decodeJks(bytes: Buffer, storePassword: string, keyPassword = storePassword): { entries: JksEntry[] } {
  if (bytes.length < HEADER_LENGTH + SHA1_LENGTH) {
    throw new JksError('not a Java keystore: the file is too short (truncated?)');
  }
  if (bytes.readUInt32BE(0) !== MAGIC) {
    throw new JksError('not a JKS keystore: wrong magic number', 'a PKCS#12 file must be opened as store type PKCS12');
  }
  const version = bytes.readUInt32BE(4);
  if (version !== 1 && version !== 2) throw new JksError(`unsupported JKS version ${version} (Java writes 1 or 2)`);
  const reader = new JksReader(bytes, HEADER_LENGTH);
  const parsed = readEntries(reader, bytes.readUInt32BE(8), version);
  if (reader.remaining !== SHA1_LENGTH) {
    throw new JksError('keystore is truncated or has trailing bytes after its entries');
  }
  const body = bytes.subarray(0, bytes.length - SHA1_LENGTH);
  if (!timingSafeEqual(integrityDigest(storePassword, body), bytes.subarray(body.length))) {
    throw new JksError('keystore integrity check failed: wrong password or corrupted file');
  }
  const entries = parsed.map(({ protectedKey, ...entry }) =>
    protectedKey ? { ...entry, privateKeyPkcs8Der: recoverKey(protectedKey, keyPassword, entry.alias) } : entry,
  );
  return { entries };
}

function sealStore(count: number, entries: Buffer[], storePassword: string): Buffer {
  const body = Buffer.concat([u32(MAGIC), u32(VERSION), u32(count), ...entries]);
  return Buffer.concat([body, integrityDigest(storePassword, body)]);
}

function integrityDigest(storePassword: string, body: Buffer): Buffer {
  return sha1(passwordBytes(storePassword), INTEGRITY_SALT, body);
}

interface ParsedEntry extends JksEntry {
  protectedKey?: Buffer;
}

function readEntries(reader: JksReader, count: number, version: number): ParsedEntry[] {
  const readCert = () => {
    if (version === 2) {
      const type = reader.utf();
      if (type !== CERT_TYPE) throw new JksError(`unsupported certificate type "${type}" in keystore`);
    }
    return reader.lengthPrefixed();
  };
  const entries: ParsedEntry[] = [];
  for (let index = 0; index < count; index++) {
    const tag = reader.u32();
    const alias = reader.utf();
    const createdAt = reader.date();
    if (tag === TAG_PRIVATE_KEY) {
      const protectedKey = reader.lengthPrefixed();
      const chainLength = reader.u32();
      const certDers: Buffer[] = [];
      while (certDers.length < chainLength) certDers.push(readCert());
      entries.push({ kind: 'key', alias, createdAt, certDers, protectedKey });
    } else if (tag === TAG_TRUSTED_CERT) {
      entries.push({ kind: 'trusted', alias, createdAt, certDers: [readCert()] });
    } else {
      throw new JksError(`unknown JKS entry tag ${tag} (entry ${index + 1}): corrupted file or not a JKS keystore`);
    }
  }
  return entries;
}

function normaliseAlias(alias: string): string {
  if (alias.length === 0) throw new JksError('a keystore alias cannot be empty');
  return alias.toLowerCase();
}
