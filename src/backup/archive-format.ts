/**
 * The backup archive's byte layout (format 1), pure: no file, no key. docs/ARCHITECTURE.md ("Backup archive") draws it.
 *
 *   header (104 bytes, clear)  magic, format, key kind, scrypt parameters and salt, record size, archive salt,
 *                              key check, header digest
 *   records, part after part   AES-256-GCM: ciphertext of up to `recordSize` plaintext bytes, then its 16-byte tag
 *   manifest                   AES-256-GCM of the manifest JSON (names, sizes, sha256, offsets), header as AAD
 *   trailer (20 bytes, clear)  the manifest's offset and length, end magic
 */
import { createHash } from 'node:crypto';

export const FORMAT_VERSION = 1;
export const MAGIC = Buffer.from('RCTLBKUP', 'latin1');
export const END_MAGIC = Buffer.from('RCTLBEND', 'latin1');
export const HEADER_BYTES = 104;
export const TRAILER_BYTES = 20;
export const TAG_BYTES = 16;
export const NONCE_BYTES = 12;
export const SALT_BYTES = 32;
export const SCRYPT_SALT_BYTES = 16;
export const KEY_CHECK_BYTES = 16;
const DIGEST_BYTES = 16;
const DIGESTED_BYTES = HEADER_BYTES - DIGEST_BYTES;

export const DEFAULT_RECORD_SIZE = 1024 * 1024;
export const MIN_RECORD_SIZE = 1024;
export const MAX_RECORD_SIZE = 16 * 1024 * 1024;
/** A manifest larger than this is damage, not a list of parts: refused before it is allocated. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export type KeyKind = 'raw' | 'passphrase';
const KIND_CODES: Record<KeyKind, number> = { raw: 1, passphrase: 2 };

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8: 32 MiB and a few tenths of a second per derivation, once per archive. */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };
/** What a reader accepts from a header: the memory (128·N·r) is bounded, so a crafted header cannot exhaust the host. */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

export const scryptMemory = (params: ScryptParams): number => 128 * 2 ** params.logN * params.r;

export function scryptProblem(params: ScryptParams): string | undefined {
  if (params.logN < 14 || params.logN > 20) return `scrypt cost 2^${params.logN} is outside 2^14..2^20`;
  if (params.r < 1 || params.r > 32) return `scrypt block size r=${params.r} is outside 1..32`;
  if (params.p < 1 || params.p > 16) return `scrypt parallelism p=${params.p} is outside 1..16`;
  if (scryptMemory(params) > MAX_SCRYPT_MEMORY) return `scrypt parameters need ${scryptMemory(params) >> 20} MiB, more than ${MAX_SCRYPT_MEMORY >> 20}`;
  return undefined;
}

export interface ArchiveHeader {
  format: number;
  kind: KeyKind;
  /** Only for a passphrase: how the key was stretched. */
  scrypt?: ScryptParams & { salt: Buffer };
  recordSize: number;
  /** Random per archive: every key and nonce of the archive derives from it, so nothing repeats across archives. */
  salt: Buffer;
  keyCheck: Buffer;
}

export function encodeHeader(header: ArchiveHeader): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt16BE(header.format, 8);
  bytes.writeUInt8(KIND_CODES[header.kind], 10);
  if (header.scrypt) {
    bytes.writeUInt8(header.scrypt.logN, 11);
    bytes.writeUInt32BE(header.scrypt.r, 12);
    bytes.writeUInt32BE(header.scrypt.p, 16);
    header.scrypt.salt.copy(bytes, 24);
  }
  bytes.writeUInt32BE(header.recordSize, 20);
  header.salt.copy(bytes, 40);
  header.keyCheck.copy(bytes, 72);
  digest(bytes.subarray(0, DIGESTED_BYTES)).copy(bytes, DIGESTED_BYTES);
  return bytes;
}

/** Why a header cannot be read, by kind: the caller turns each into the right error. */
export type HeaderProblem = { problem: 'not-archive' } | { problem: 'damaged'; detail: string } | { problem: 'version'; format: number };

export function decodeHeader(bytes: Buffer): ArchiveHeader | HeaderProblem {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return { problem: 'not-archive' };
  if (bytes.length < HEADER_BYTES) return { problem: 'damaged', detail: `the file ends at byte ${bytes.length}, inside the header` };
  // The digest is no protection against someone who means it (the manifest's AAD is): it tells damage from a wrong key.
  if (!digest(bytes.subarray(0, DIGESTED_BYTES)).equals(bytes.subarray(DIGESTED_BYTES, HEADER_BYTES)))
    return { problem: 'damaged', detail: 'its digest does not match its bytes' };
  const format = bytes.readUInt16BE(8);
  if (format !== FORMAT_VERSION) return { problem: 'version', format };
  const code = bytes.readUInt8(10);
  const kind = (Object.keys(KIND_CODES) as KeyKind[]).find((k) => KIND_CODES[k] === code);
  if (!kind) return { problem: 'damaged', detail: `key kind ${code} is unknown` };
  const recordSize = bytes.readUInt32BE(20);
  if (recordSize < MIN_RECORD_SIZE || recordSize > MAX_RECORD_SIZE) return { problem: 'damaged', detail: `record size ${recordSize} is out of range` };
  const scryptBytes = bytes.subarray(11, 20);
  const scryptSalt = bytes.subarray(24, 40);
  const header: ArchiveHeader = {
    format,
    kind,
    recordSize,
    salt: Buffer.from(bytes.subarray(40, 72)),
    keyCheck: Buffer.from(bytes.subarray(72, 88)),
  };
  if (kind === 'raw') {
    if (scryptBytes.some((b) => b !== 0) || scryptSalt.some((b) => b !== 0))
      return { problem: 'damaged', detail: 'a raw-key archive carries scrypt parameters' };
    return header;
  }
  const params = { logN: bytes.readUInt8(11), r: bytes.readUInt32BE(12), p: bytes.readUInt32BE(16) };
  const problem = scryptProblem(params);
  if (problem) return { problem: 'damaged', detail: problem };
  return { ...header, scrypt: { ...params, salt: Buffer.from(scryptSalt) } };
}

export interface Trailer {
  manifestOffset: number;
  manifestLength: number;
}

export function encodeTrailer(trailer: Trailer): Buffer {
  const bytes = Buffer.alloc(TRAILER_BYTES);
  bytes.writeBigUInt64BE(BigInt(trailer.manifestOffset), 0);
  bytes.writeUInt32BE(trailer.manifestLength, 8);
  END_MAGIC.copy(bytes, 12);
  return bytes;
}

/** Null when the bytes are not a trailer (a truncated file, or one with bytes appended, ends otherwise). */
export function decodeTrailer(bytes: Buffer): Trailer | null {
  if (bytes.length !== TRAILER_BYTES || !bytes.subarray(12).equals(END_MAGIC)) return null;
  const offset = bytes.readBigUInt64BE(0);
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { manifestOffset: Number(offset), manifestLength: bytes.readUInt32BE(8) };
}

/** Record counts and sizes: every part has at least one record (the last-record flag then also seals an empty part). */
export const recordCount = (bytes: number, recordSize: number): number => Math.max(1, Math.ceil(bytes / recordSize));
export const cipherLength = (bytes: number, recordSize: number): number => bytes + recordCount(bytes, recordSize) * TAG_BYTES;

/**
 * Each record's nonce is its position (part, record); the key is the archive's own (derived from its random salt),
 * so no nonce is ever used twice under one key. A record decrypted at another position fails.
 */
export function recordNonce(part: number, record: number): Buffer {
  const nonce = Buffer.alloc(NONCE_BYTES);
  nonce.writeUInt32BE(part, 0);
  nonce.writeBigUInt64BE(BigInt(record), 4);
  return nonce;
}

/**
 * A record's AAD binds the whole header, its part index, its record index and whether it is the part's last record:
 * records cannot be reordered, dropped, cut short at a record boundary, or moved to another part or archive.
 */
export function recordAad(header: Buffer, part: number, record: number, last: boolean): Buffer {
  const aad = Buffer.alloc(header.length + 13);
  header.copy(aad, 0);
  aad.writeUInt32BE(part, header.length);
  aad.writeBigUInt64BE(BigInt(record), header.length + 4);
  aad.writeUInt8(last ? 1 : 0, header.length + 12);
  return aad;
}

/** The manifest's AAD: the header and the trailer's fields, so neither can change without the manifest failing. */
export function manifestAad(header: Buffer, trailer: Trailer): Buffer {
  return Buffer.concat([header, Buffer.from('manifest', 'latin1'), encodeTrailer(trailer)]);
}

/** The manifest has a key of its own, used once: its nonce may be constant. */
export const MANIFEST_NONCE = Buffer.alloc(NONCE_BYTES);

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, DIGEST_BYTES);
}
