import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { OperationError } from '../../shared/errors.js';

/** An observer document's encrypted payload, as stored locally and replicated. */
export interface Envelope {
  v: 1;
  alg: 'A256GCM';
  /** Which key sealed it (see keyId): after a rotation, older documents name a retired key. */
  kid: string;
  /** 96-bit nonce, fresh for every write, base64. */
  iv: string;
  /** Ciphertext followed by the 128-bit GCM tag, base64. */
  ct: string;
}

export interface ObserverKey {
  id: string;
  key: Buffer;
}

export const ENVELOPE_VERSION = 1;
const TAG_BYTES = 16;

/** A key's public name: a domain-separated hash, so it identifies the key without revealing anything of it. */
export function keyId(key: Buffer): string {
  return `k1-${createHash('sha256').update('rocketctl observer key id\0').update(key).digest('hex').slice(0, 16)}`;
}

// The associated data binds the ciphertext to its document id, key id and format version: the same
// envelope under another id, or relabelled with another key id, fails authentication.
const associatedData = (documentId: string, kid: string, version: number) => Buffer.from(`rocketctl-observer\0v${version}\0${kid}\0${documentId}`, 'utf8');

const NONCE_BYTES = 12;
const NONCES_PER_DRAW = 4096;
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/**
 * A fresh random 96-bit nonce. Drawn from a pool the kernel's generator fills 4096 nonces at a time: one
 * `randomBytes` call per document cost as much as the encryption itself. Each nonce is handed out once and the pool
 * never leaves this module, so they are exactly as random and as unique as before.
 */
function freshNonce(): Buffer {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    nonceOffset = 0;
  }
  const nonce = noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

export function seal(documentId: string, payload: unknown, key: ObserverKey): Envelope {
  const iv = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(documentId, key.id, ENVELOPE_VERSION));
  const ct = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: ENVELOPE_VERSION, alg: 'A256GCM', kid: key.id, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

export class EnvelopeError extends OperationError {}

/** Decrypts and authenticates; any change to the ciphertext, nonce, key id, version or document id is refused. */
export function open(documentId: string, envelope: unknown, keys: ReadonlyMap<string, Buffer>): unknown {
  const e = envelope as Partial<Envelope> | undefined;
  if (!e || e.v !== ENVELOPE_VERSION || e.alg !== 'A256GCM' || typeof e.kid !== 'string' || typeof e.iv !== 'string' || typeof e.ct !== 'string') {
    throw new EnvelopeError(
      `document ${documentId} holds no observer envelope (version ${ENVELOPE_VERSION}, AES-256-GCM)`,
      'only documents the observer wrote can be decrypted',
    );
  }
  const key = keys.get(e.kid);
  if (!key) {
    throw new EnvelopeError(
      `document ${documentId} was sealed with key ${e.kid}, which is neither the current observer key nor a retired one`,
      'restore that key: put its `kid=value` line back into .rocketctl/observer-retired-keys.env (or the secret it came from)',
    );
  }
  const iv = strictBase64(documentId, 'iv', e.iv);
  const sealed = strictBase64(documentId, 'ct', e.ct);
  if (iv.length !== 12 || sealed.length < TAG_BYTES) throw tampered(documentId);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(documentId, e.kid, e.v));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    throw tampered(documentId);
  }
}

// Canonical base64 only: the standard alphabet, padded to a multiple of 4, no whitespace. Node's own decoder skips
// whatever it does not understand, so `iv`/`ct` with junk or line breaks inside would still open.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function strictBase64(documentId: string, field: 'iv' | 'ct', value: string): Buffer {
  const bytes = Buffer.from(value, 'base64');
  // The round trip also refuses non-zero padding bits (two spellings of the same bytes).
  if (!BASE64.test(value) || bytes.toString('base64') !== value) {
    throw new EnvelopeError(
      `document ${documentId}: its envelope's ${field} is not canonical base64 (standard alphabet, = padding, no whitespace)`,
      "the observer never writes it so: do not trust this copy; compare it with the observer's local store (`rocketctl observer decrypt ID --from local`)",
    );
  }
  return bytes;
}

const tampered = (documentId: string) =>
  new EnvelopeError(
    `document ${documentId} fails authentication: its ciphertext, nonce or key id was modified, or it was moved here from another document id`,
    "do not trust this copy: compare it with the observer's local store (`rocketctl observer decrypt ID --from local`) and find who wrote it",
  );
