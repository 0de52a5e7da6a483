/** The JDK key protector: how JKS encrypts a PKCS#8 private key under the key password (openjdk: sun/security/provider/KeyProtector.java). */
import { timingSafeEqual } from 'node:crypto';
import { JksError } from './jks-error.js';
import { passwordBytes, sha1, SHA1_LENGTH, xor } from './java-data.js';

/** Sun's proprietary "JDK key protector" (1.3.6.1.4.1.42.2.17.1.1, KnownOIDs.JAVASOFT_JDKKeyProtector). */
const KEY_PROTECTOR_OID = Buffer.from('2b060104012a02110101', 'hex');
// AlgorithmIdentifier with explicit NULL parameters, as keytool writes it.
const KEY_PROTECTOR_ALGORITHM = der(0x30, Buffer.concat([der(0x06, KEY_PROTECTOR_OID), Buffer.from([0x05, 0x00])]));

export function protectKey(pkcs8: Buffer, keyPassword: string, salt: Buffer): Buffer {
  const password = passwordBytes(keyPassword);
  const encrypted = xor(pkcs8, keystream(password, salt, pkcs8.length));
  const check = sha1(password, pkcs8);
  return der(0x30, Buffer.concat([KEY_PROTECTOR_ALGORITHM, der(0x04, Buffer.concat([salt, encrypted, check]))]));
}

export function recoverKey(protectedKey: Buffer, keyPassword: string, alias: string): Buffer {
  const unreadable = () => new JksError(`private key of "${alias}" is not a JDK key-protector structure: corrupted file`);
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

function der(tag: number, content: Buffer): Buffer {
  const lengthDigits: number[] = [];
  for (let rest = content.length; rest > 0; rest = Math.floor(rest / 256)) lengthDigits.unshift(rest & 0xff);
  const length = content.length < 0x80 ? [content.length] : [0x80 | lengthDigits.length, ...lengthDigits];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

function readDer(bytes: Buffer, offset: number, expectedTag: number, unreadable: () => JksError): { content: Buffer; end: number } {
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
