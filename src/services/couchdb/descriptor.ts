import { defineService } from '../descriptor.js';

/** The server admin rocketctl creates and seeds as (its password: COUCHDB_ADMIN_PASSWORD). */
export const COUCHDB_ADMIN = 'admin';

/** CouchDB over HTTPS with require_valid_user and the admin from the secrets file. */
export const couchdb = defineService({
  name: 'couchdb',
  defaults: {
    image: 'couchdb:3.4.2',
    profile: { configDir: '/opt/couchdb/etc/local.d', certsDir: '/opt/couchdb/etc/certs', dataDir: '/opt/couchdb/data', fileOwner: '5984:5984' },
    ports: { https: 6984 },
  },
  endpoints: { https: 6984 },
  dependsOn: [],
  tls: { files: { cert: 'couchdb.pem', key: 'privkey.pem', ca: 'ca.crt' }, usages: ['serverAuth'] },
  secrets: { COUCHDB_ADMIN_PASSWORD: { about: 'CouchDB server admin "admin"' } },
  seed: { endpoint: 'https' },
});
