import { randomBytes } from 'node:crypto';
import { deriveScramCredential } from '../kafka/scram-credential.js';

/** Postgres' default (scram_iterations) and salt length. */
const ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * A role password as Postgres stores it (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`), so
 * `CREATE/ALTER ROLE … PASSWORD` sends the verifier and the plaintext never reaches the server's log,
 * pg_stat_activity or its statement history. Postgres applies SASLprep to passwords; the secrets' character
 * rules (printable ASCII) make that the identity. Cockroach accepts the same pre-hashed form.
 */
export async function postgresScramVerifier(password: string, salt: Buffer = randomBytes(SALT_BYTES), iterations = ITERATIONS): Promise<string> {
  const { storedKey, serverKey } = await deriveScramCredential('SCRAM-SHA-256', password, salt, iterations);
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
