import { defineService } from '../descriptor.js';

/** The server admin rocketctl creates and seeds as (its password: COUCHDB_ADMIN_PASSWORD). */
export const COUCHDB_ADMIN = 'admin';

/**
 * CouchDB over HTTPS with require_valid_user and the admin from the secrets file. The official image's entrypoint
 * makes every file under /opt/couchdb/etc 0644 at each start, so the key lives in /opt/couchdb/certs (kept 0600),
 * and the rendered ini holds the admin pre-hashed (README "CouchDB").
 */
export const couchdb = defineService({
  name: 'couchdb',
  defaults: {
    image: 'couchdb:3.4.2',
    profile: { configDir: '/opt/couchdb/etc/local.d', certsDir: '/opt/couchdb/certs', dataDir: '/opt/couchdb/data', fileOwner: '5984:5984' },
    ports: { https: 6984 },
  },
  endpoints: { https: 6984 },
  dependsOn: [],
  tls: { files: { cert: 'couchdb.pem', key: 'privkey.pem', ca: 'ca.crt' }, usages: ['serverAuth'] },
  secrets: {
    COUCHDB_ADMIN_PASSWORD: { about: 'CouchDB server admin "admin" (written into the container only as a PBKDF2 hash)' },
    COUCHDB_SERVER_UUID: { about: 'CouchDB [couchdb] uuid: the server identity, kept when the container is recreated', format: 'hex32' },
    COUCHDB_AUTH_SECRET: { about: 'CouchDB [chttpd_auth] secret: signs session cookies, kept when the container is recreated' },
  },
  seed: { endpoint: 'https' },
});
