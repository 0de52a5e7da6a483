// Server admins as CouchDB 3.4 keeps them in [admins]: plaintext (hashed at start and written back into the last
// ini file, as CouchDB does), `-pbkdf2:<prf>-<derived key hex>,<salt>,<iterations>` (CouchDB 3.4's own form; the
// salt's characters are its bytes), or the older `-pbkdf2-` (SHA-1) and `-hashed-` forms pouchdb-auth knows.
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const PRF_FORM = /^-pbkdf2:(sha|sha224|sha256|sha384|sha512)-([0-9a-f]+),([^,]+),(\d+)$/;
const NATIVE_FORM = /^-(pbkdf2|hashed)-/;
const KEY_BYTES = { sha: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };
const NODE_DIGEST = { sha: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

/** CouchDB 3.4's defaults (default.ini [chttpd_auth]: pbkdf2_prf = sha256, iterations = 600000). */
export function hashAdminPassword(password) {
  const salt = randomBytes(16).toString('hex');
  const derived = pbkdf2Sync(password, salt, 600_000, 32, 'sha256').toString('hex');
  return `-pbkdf2:sha256-${derived},${salt},600000`;
}

export const isPlaintext = (value) => !PRF_FORM.test(value) && !NATIVE_FORM.test(value);

/**
 * Checks admins of the `-pbkdf2:<prf>-` form itself (pouchdb-auth only knows the SHA-1 one). A verified password is
 * remembered by its digest, as CouchDB's password cache does, so a Basic-auth request costs one hash, not 600,000.
 */
export function createPrfAdmins(admins) {
  const entries = new Map();
  for (const [name, value] of Object.entries(admins)) {
    const match = PRF_FORM.exec(value);
    if (match) entries.set(name, { prf: match[1], derived: Buffer.from(match[2], 'hex'), salt: match[3], iterations: Number(match[4]) });
  }
  const verified = new Set();
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    verify(name, password) {
      const entry = entries.get(name);
      if (!entry) return false;
      const memo = createHash('sha256')
        .update(`${name}\0${password}\0${entry.derived.toString('hex')}`)
        .digest('hex');
      if (verified.has(memo)) return true;
      const derived = pbkdf2Sync(password, entry.salt, entry.iterations, KEY_BYTES[entry.prf], NODE_DIGEST[entry.prf]);
      const ok = derived.length === entry.derived.length && timingSafeEqual(derived, entry.derived);
      if (ok) verified.add(memo);
      return ok;
    },
  };
}
