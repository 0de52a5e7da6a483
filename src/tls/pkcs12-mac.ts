/** The PKCS#12 integrity MAC (RFC 7292 §5 and Appendix B.2), shared by the encoder and the reader. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { passwordBytes } from './java-data.js';

export type MacDigest = 'sha1' | 'sha256';
export const MAC_DIGEST_OIDS: Record<MacDigest, string> = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' };
export const PKCS12_OIDS = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;

// SHA-1 and SHA-256 both work on 64-byte blocks.
const BLOCK = 64;

/**
 * HMAC over the authenticated safe with a key from the PKCS#12 KDF (ID 3 = MAC key). The key is one hash
 * long, so one round of the KDF suffices. The password is a BMPString with its terminating NUL.
 */
export function pkcs12Mac(digest: MacDigest, password: string, salt: Buffer, iterations: number, data: Buffer): Buffer {
  const bmpPassword = Buffer.concat([passwordBytes(password), Buffer.alloc(2)]);
  let block = createHash(digest).update(Buffer.alloc(BLOCK, 3)).update(stretch(salt)).update(stretch(bmpPassword)).digest();
  for (let round = 1; round < iterations; round++) block = createHash(digest).update(block).digest();
  return createHmac(digest, block).update(data).digest();
}

export function macMatches(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Repeats the bytes to fill whole 64-byte blocks (RFC 7292 B.2 steps 2-3). */
function stretch(bytes: Buffer): Buffer {
  const length = BLOCK * Math.ceil(bytes.length / BLOCK);
  return Buffer.from(Array.from({ length }, (_, i) => bytes[i % bytes.length]!));
}
