import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * Re-derives SCRAM-SHA-512 straight from node:crypto (RFC 5802 §3), independently of src/kafka, and
 * returns the Kafka credential fields parsed from `stored` next to what the password gives.
 */
export function recomputeScramSha512(stored: string, password: string) {
  const fields = Object.fromEntries(stored.split(',').map((token) => [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]));
  const salt = Buffer.from(fields.salt!, 'base64');
  const iterations = Number(fields.iterations);
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 64, 'sha512');
  const clientKey = createHmac('sha512', salted).update('Client Key').digest();
  return {
    fields,
    expected: {
      stored_key: createHash('sha512').update(clientKey).digest('base64'),
      server_key: createHmac('sha512', salted).update('Server Key').digest('base64'),
    },
  };
}

/** Everything that must never appear in an audit entry, for one password and the credential made from it. */
export function secretMaterial(password: string, credential: string): string[] {
  const { fields } = recomputeScramSha512(credential, password);
  const salt = Buffer.from(fields.salt!, 'base64');
  return [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(password).toString('base64url'),
    fields.salt!,
    salt.toString('utf8'),
    salt.toString('hex'),
    fields.stored_key!,
    fields.server_key!,
    credential,
  ];
}

export async function readSecretsEnv(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8');
  return new Map([...text.matchAll(/^([A-Z0-9_]+)=(.+)$/gm)].map((m) => [m[1]!, m[2]!]));
}
