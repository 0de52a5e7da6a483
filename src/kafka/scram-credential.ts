import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** Kafka's accepted range (clients/…/security/scram/internals/ScramMechanism.java, 3.9): brokers and clients refuse < 4096, its admin API > 16384. */
export const SCRAM_ITERATIONS = { min: 4096, max: 16384 } as const;

export const isAcceptedIterations = (iterations: number): boolean =>
  Number.isInteger(iterations) && iterations >= SCRAM_ITERATIONS.min && iterations <= SCRAM_ITERATIONS.max;

export const SCRAM_MECHANISMS = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' } as const;
export type ScramMechanism = keyof typeof SCRAM_MECHANISMS;

/** What Kafka stores per user and mechanism: never the password, only what verifies it. */
export interface ScramCredential {
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
  iterations: number;
}

/** RFC 5802 §3: SaltedPassword = PBKDF2(password), StoredKey = H(HMAC(SP, "Client Key")), ServerKey = HMAC(SP, "Server Key"). */
export async function deriveScramCredential(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Promise<ScramCredential> {
  if (!isAcceptedIterations(iterations)) {
    throw new RangeError(`SCRAM iterations must be ${SCRAM_ITERATIONS.min}..${SCRAM_ITERATIONS.max}, got ${iterations}`);
  }
  const hash = SCRAM_MECHANISMS[mechanism];
  const length = createHash(hash).digest().length;
  // Kafka hashes the plain UTF-8 bytes, without SASLprep (ScramFormatter.normalize).
  const salted = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, length, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  return {
    salt,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update('Server Key').digest(),
    iterations,
  };
}

/** Like Kafka's ScramFormatter: the UTF-8 bytes of a 130-bit random number written in base 36. */
export function generateScramSalt(): Buffer {
  const random = BigInt(`0x${randomBytes(17).toString('hex')}`) & ((1n << 130n) - 1n);
  return Buffer.from(random.toString(36), 'utf8');
}

export function formatScramCredential(credential: ScramCredential): string {
  const b64 = (bytes: Buffer) => bytes.toString('base64');
  return `salt=${b64(credential.salt)},stored_key=${b64(credential.storedKey)},server_key=${b64(credential.serverKey)},iterations=${credential.iterations}`;
}

const FIELDS = ['salt', 'stored_key', 'server_key', 'iterations'];

/** Kafka's ScramCredentialUtils parser: exactly these four `key=value` tokens, in any order. */
export function parseScramCredential(text: string): ScramCredential {
  const fields = new Map<string, string>();
  for (const token of text.split(',')) {
    const at = token.indexOf('=');
    if (at <= 0) throw new SyntaxError(`invalid SCRAM credential token "${token.slice(0, 20)}"`);
    fields.set(token.slice(0, at), token.slice(at + 1));
  }
  if (fields.size !== FIELDS.length || !FIELDS.every((f) => fields.has(f))) {
    throw new SyntaxError(`a SCRAM credential needs exactly ${FIELDS.join(', ')}; got ${[...fields.keys()].join(', ')}`);
  }
  const iterations = Number(fields.get('iterations'));
  if (!Number.isInteger(iterations)) throw new SyntaxError('SCRAM credential iterations is not an integer');
  const b64 = (name: string) => Buffer.from(fields.get(name)!, 'base64');
  return { salt: b64('salt'), storedKey: b64('stored_key'), serverKey: b64('server_key'), iterations };
}

/** Whether `password` is the one behind `credential` (re-derived with its own salt and iterations). */
export async function scramCredentialMatches(mechanism: ScramMechanism, credential: ScramCredential, password: string): Promise<boolean> {
  // A credential Kafka would refuse anyway counts as not matching, so it gets rewritten.
  if (!isAcceptedIterations(credential.iterations)) return false;
  const derived = await deriveScramCredential(mechanism, password, credential.salt, credential.iterations);
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  return same(derived.storedKey, credential.storedKey) && same(derived.serverKey, credential.serverKey);
}
