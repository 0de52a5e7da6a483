import { randomBytes } from 'node:crypto';
import type { SecretFormat } from '../services/descriptor.js';

/**
 * A fresh value. `token`: 32 random bytes, base64url: 256 bits, and safe unquoted in properties, JAAS, YAML, ini
 * and URLs. `hex32`: 16 random bytes in lowercase hex, the shape of an id such as CouchDB's server uuid.
 */
export function generateSecretValue(format: SecretFormat = 'token'): string {
  return format === 'hex32' ? randomBytes(16).toString('hex') : randomBytes(32).toString('base64url');
}

export const MIN_SECRET_LENGTH = 12;
export const MAX_SECRET_LENGTH = 256;
/**
 * Characters that mean nothing special in any place a secret is written: Kafka's JAAS string ("…") and
 * properties, Cassandra's YAML (plain scalars), CouchDB's ini, SQL and CQL literals, PKCS12 and JKS
 * passwords, HTTP Basic auth. base64, base64url and hex values all fit.
 */
const SAFE = /^[A-Za-z0-9._~+/=-]+$/;
// CouchDB reads an admin "password" with these prefixes as an already-hashed one.
const COUCHDB_HASH_PREFIX = /^-(hashed|pbkdf2)-/;

export const SECRET_RULES = `${MIN_SECRET_LENGTH}–${MAX_SECRET_LENGTH} characters from A-Z a-z 0-9 . _ ~ + / = -`;

/** Why a secret value is unusable, or undefined when it is fine (the same rules for the file and the environment). */
export function secretValueProblem(value: string, format: SecretFormat = 'token'): string | undefined {
  if (format === 'hex32') return /^[0-9a-f]{32}$/.test(value) ? undefined : 'is not 32 lowercase hex digits';
  if (value.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  if (value.length > MAX_SECRET_LENGTH) return `is longer than ${MAX_SECRET_LENGTH} characters`;
  if (!SAFE.test(value))
    return 'contains a character outside A-Z a-z 0-9 . _ ~ + / = - (quotes, spaces, backslashes, # ; : and the like break the config formats it is written into)';
  if (COUCHDB_HASH_PREFIX.test(value)) return 'starts with -hashed- or -pbkdf2-, which CouchDB would take for a password hash';
  return undefined;
}
