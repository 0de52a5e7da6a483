/** Java's DataOutput/DataInput encodings as JKS uses them: big-endian integers, modified UTF-8, UTF-16BE passwords. */
import { createHash } from 'node:crypto';
import { JksError } from './jks-error.js';

export const SHA1_LENGTH = 20;

export class JksReader {
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

/** Java DataOutputStream.writeUTF: u16 length, then modified UTF-8 over UTF-16 code units. */
export function javaUtf(text: string): Buffer {
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

export function decodeModifiedUtf8(bytes: Buffer): string {
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

export function javaDate(date: Date): Buffer {
  const millis = date.getTime();
  if (!Number.isFinite(millis)) throw new JksError('keystore entry creation date is not a valid date');
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(millis));
  return bytes;
}

/** Java chars (UTF-16 code units) big-endian, no BOM: what JKS hashes for both the store and the key password. */
export function passwordBytes(password: string): Buffer {
  return Buffer.from(password, 'utf16le').swap16();
}

export function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

export function lengthPrefixed(bytes: Buffer): Buffer {
  return Buffer.concat([u32(bytes.length), bytes]);
}

export function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function xor(data: Buffer, stream: Buffer): Buffer {
  return Buffer.from(data.map((byte, index) => byte ^ (stream[index] as number)));
}
