/**
 * Java KeyStore (JKS) encoder and decoder, written from the format (formats.md §4) because node-forge has no JKS.
 * Pure: bytes in, bytes out. Aliases are lowercased on write, as Java itself does on every lookup: a mixed-case
 * alias in the file would be listed by keytool but unreachable through `getKey`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OperationError } from '../shared/errors.js';

/** A Java keystore could not be written or read back; the message says which part and why. */
export class JksError extends OperationError {}

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
const SHA1_LENGTH = 20;
const HEADER_LENGTH = 12;
/** DER of the Sun JDK KeyProtector OID 1.3.6.1.4.1.42.2.17.1.1 (content bytes only). */
const KEY_PROTECTOR_OID = Buffer.from('2b060104012a02110101', 'hex');
/** AlgorithmIdentifier { KEY_PROTECTOR_OID, NULL }, byte for byte what keytool writes. */
const KEY_PROTECTOR_ALGORITHM = der(0x30, Buffer.concat([der(0x06, KEY_PROTECTOR_OID), Buffer.from([0x05, 0x00])]));

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

function protectKey(pkcs8: Buffer, keyPassword: string, salt: Buffer): Buffer {
  const password = passwordBytes(keyPassword);
  const encrypted = xor(pkcs8, keystream(password, salt, pkcs8.length));
  const check = sha1(password, pkcs8);
  return der(0x30, Buffer.concat([KEY_PROTECTOR_ALGORITHM, der(0x04, Buffer.concat([salt, encrypted, check]))]));
}

function recoverKey(protectedKey: Buffer, keyPassword: string, alias: string): Buffer {
  const unreadable = () =>
    new JksError(`private key of "${alias}" is not a JDK key-protector structure: corrupted file`);
  const outer = readDer(protectedKey, 0, 0x30, unreadable);
  const algorithm = readDer(outer.content, 0, 0x30, unreadable);
  if (!readDer(algorithm.content, 0, 0x06, unreadable).content.equals(KEY_PROTECTOR_OID)) {
    throw new JksError(`private key of "${alias}" is not protected with the JDK key protector`);
  }
  const data = readDer(outer.content, algorithm.end, 0x04, unreadable).content;
  if (data.length < 2 * SHA1_LENGTH) throw unreadable();
  const password = passwordBytes(keyPassword);
  const salt = data.subarray(0, SHA1_LENGTH);
  const encrypted = data.subarray(SHA1_LENGTH, data.length - SHA1_LENGTH);
  const pkcs8 = xor(encrypted, keystream(password, salt, encrypted.length));
  if (!timingSafeEqual(sha1(password, pkcs8), data.subarray(data.length - SHA1_LENGTH))) {
    throw new JksError(`cannot recover the private key of "${alias}": wrong key password or corrupted entry`);
  }
  return pkcs8;
}

/** D1 = SHA1(pw || salt), Dn = SHA1(pw || Dn-1), concatenated and cut to `length`. */
function keystream(password: Buffer, salt: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let block = salt;
  for (let produced = 0; produced < length; produced += SHA1_LENGTH) {
    block = sha1(password, block);
    blocks.push(block);
  }
  return Buffer.concat(blocks).subarray(0, length);
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

class JksReader {
  constructor(
    private readonly bytes: Buffer,
    private offset: number,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u32(): number {
    return this.take(4).readUInt32BE(0);
  }

  date(): Date {
    return new Date(Number(this.take(8).readBigInt64BE(0)));
  }

  utf(): string {
    return decodeModifiedUtf8(this.take(this.take(2).readUInt16BE(0)));
  }

  lengthPrefixed(): Buffer {
    return Buffer.from(this.take(this.u32()));
  }

  private take(length: number): Buffer {
    if (length > this.remaining) throw new JksError('keystore is truncated: an entry runs past the end of the file');
    this.offset += length;
    return this.bytes.subarray(this.offset - length, this.offset);
  }
}

function normaliseAlias(alias: string): string {
  if (alias.length === 0) throw new JksError('a keystore alias cannot be empty');
  return alias.toLowerCase();
}

/** Java DataOutputStream.writeUTF: u16 length, then modified UTF-8 over UTF-16 code units. */
function javaUtf(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x01 && unit <= 0x7f) bytes.push(unit);
    else if (unit <= 0x7ff) bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  if (bytes.length > 0xffff) {
    throw new JksError(`alias is too long for a Java keystore (${bytes.length} bytes, at most 65535)`);
  }
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, Buffer.from(bytes)]);
}

function decodeModifiedUtf8(bytes: Buffer): string {
  const units: number[] = [];
  const invalidAlias = () => new JksError('keystore alias is not valid modified UTF-8: corrupted file');
  const continuation = (index: number) => {
    const byte = bytes[index];
    if (byte === undefined || (byte & 0xc0) !== 0x80) throw invalidAlias();
    return byte & 0x3f;
  };
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i] as number;
    if (lead < 0x80) units.push(lead);
    else if ((lead & 0xe0) === 0xc0) units.push(((lead & 0x1f) << 6) | continuation(++i));
    else if ((lead & 0xf0) === 0xe0) units.push(((lead & 0x0f) << 12) | (continuation(++i) << 6) | continuation(++i));
    else throw invalidAlias();
  }
  return String.fromCharCode(...units);
}

function javaDate(date: Date): Buffer {
  const millis = date.getTime();
  if (!Number.isFinite(millis)) throw new JksError('keystore entry creation date is not a valid date');
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(millis));
  return bytes;
}

/** Java chars (UTF-16 code units) big-endian, no BOM: what JKS hashes for both the store and the key password. */
function passwordBytes(password: string): Buffer {
  return Buffer.from(password, 'utf16le').swap16();
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  return Buffer.concat([u32(bytes.length), bytes]);
}

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function xor(data: Buffer, stream: Buffer): Buffer {
  return Buffer.from(data.map((byte, index) => byte ^ (stream[index] as number)));
}

function der(tag: number, content: Buffer): Buffer {
  const lengthDigits: number[] = [];
  for (let rest = content.length; rest > 0; rest = Math.floor(rest / 256)) lengthDigits.unshift(rest & 0xff);
  const length = content.length < 0x80 ? [content.length] : [0x80 | lengthDigits.length, ...lengthDigits];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

function readDer(
  bytes: Buffer,
  offset: number,
  expectedTag: number,
  unreadable: () => JksError,
): { content: Buffer; end: number } {
  const lengthByte = bytes[offset + 1];
  if (bytes[offset] !== expectedTag || lengthByte === undefined) throw unreadable();
  let start = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const lengthBytes = lengthByte & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4 || start + lengthBytes > bytes.length) throw unreadable();
    length = bytes.readUIntBE(start, lengthBytes);
    start += lengthBytes;
  }
  const end = start + length;
  if (end > bytes.length) throw unreadable();
  return { content: bytes.subarray(start, end), end };
}
