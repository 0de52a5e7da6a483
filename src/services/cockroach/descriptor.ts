import { defineService } from '../descriptor.js';

/** Database roles that get Cockroach client certificates (root administers, the others are the app roles). */
export const COCKROACH_CLIENT_USERS = ['root', 'observer_writer', 'replicator'] as const;

/** CockroachDB single node in secure mode, its certs-dir in Cockroach's own naming. */
export const cockroach = defineService({
  name: 'cockroach',
  defaults: {
    image: 'cockroachdb/cockroach:v24.3.5',
    profile: { configDir: '/cockroach/rocketctl', certsDir: '/cockroach/certs', dataDir: '/cockroach/cockroach-data', fileOwner: '0:0' },
    ports: { sql: 26257, http: 8080 },
  },
  endpoints: { sql: 26257, http: 8080 },
  dependsOn: [],
  tls: {
    files: { cert: 'node.crt', key: 'node.key', ca: 'ca.crt' },
    leafId: 'cockroach/node',
    // Cockroach requires the principal "node" in the node certificate, and it dials peers with it.
    commonName: 'node',
    organization: 'Cockroach',
    usages: ['serverAuth', 'clientAuth'],
    clientCertificates: COCKROACH_CLIENT_USERS,
  },
  secrets: {},
  seed: { endpoint: 'sql' },
});
