import { createHmac, pbkdf2Sync } from 'node:crypto';

/** What CouchDB 3.4 itself uses when it hashes an admin password (default.ini: pbkdf2_prf, iterations). */
export const COUCHDB_ADMIN_PRF = 'sha256';
export const COUCHDB_ADMIN_ITERATIONS = 600_000;

/**
 * An admin password as CouchDB stores it once hashed (`couch_passwords:hash_admin_password`):
 * `-pbkdf2:sha256-<derived key, hex>,<salt>,<iterations>`, so no plaintext password is written into the container.
 * CouchDB uses the salt's characters as its bytes. The salt is derived from the project's server uuid and the
 * password (not drawn at random), so the same secrets render the same file and `up` keeps an unchanged container;
 * it is unique per project and per password.
 */
export function couchdbAdminHash(password: string, serverUuid: string): string {
  const salt = createHmac('sha256', serverUuid).update(`admin-salt:${password}`).digest('hex').slice(0, 32);
  const derived = pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), COUCHDB_ADMIN_ITERATIONS, 32, COUCHDB_ADMIN_PRF).toString('hex');
  return `-pbkdf2:${COUCHDB_ADMIN_PRF}-${derived},${salt},${COUCHDB_ADMIN_ITERATIONS}`;
}
