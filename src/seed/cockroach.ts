import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { connectSql } from '../probes/sql-ping.js';
import { seedSqlStore, type SqlDialect } from './sql-store.js';
import type { StoreOutcome, StoreTarget } from './store-target.js';

export const COCKROACH_DIALECT: SqlDialect = {
  store: 'cockroach',
  adminDatabase: 'defaultdb',
  // Cockroach has no SUPERUSER/INHERIT/REPLICATION/BYPASSRLS role options; admin rights come only from the admin role.
  roleOptions: 'LOGIN NOCREATEDB NOCREATEROLE',
};

/** CockroachDB in secure mode, as `root` with its client certificate from certs/cockroach/ (no password). */
export async function seedCockroach(target: StoreTarget): Promise<StoreOutcome> {
  const clientFile = (ext: string) => readFile(path.join(target.certsDir, 'cockroach', `client.root.${ext}`));
  const [cert, key] = await Promise.all([clientFile('crt'), clientFile('key')]);
  const server = { host: target.host, port: target.port, servername: target.servername, ca: target.ca };
  return seedSqlStore(
    COCKROACH_DIALECT,
    {
      asAdmin: (database) => connectSql({ ...server, user: 'root', database, cert, key }),
      asRole: (user, password, database) => connectSql({ ...server, user, password, database }),
    },
    target,
  );
}
