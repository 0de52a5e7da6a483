import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSqlClient } from '../../clients/sql.js';
import { seedSqlStore, type SqlDialect, type SqlLogins } from '../../seed/sql-store.js';
import type { StoreOutcome, StoreTarget } from '../../seed/store-target.js';

export const COCKROACH_DIALECT: SqlDialect = {
  store: 'cockroach',
  adminDatabase: 'defaultdb',
  // Cockroach has no SUPERUSER/INHERIT/REPLICATION/BYPASSRLS role options; admin rights come only from the admin role.
  roleOptions: 'LOGIN NOCREATEDB NOCREATEROLE',
};

/** As `root` with its client certificate from certs/cockroach/ (no password), or as a role with its password. */
export async function cockroachLogins(target: StoreTarget): Promise<SqlLogins> {
  const clientFile = (ext: string) => readFile(path.join(target.certsDir, 'cockroach', `client.root.${ext}`));
  const [cert, key] = await Promise.all([clientFile('crt'), clientFile('key')]);
  const server = { host: target.host, port: target.port, servername: target.servername, ca: target.ca };
  const options = { signal: target.signal };
  return {
    asAdmin: (database) => createSqlClient({ ...server, user: 'root', database, cert, key }, options),
    asRole: (user, password, database) => createSqlClient({ ...server, user, password, database }, options),
  };
}

export async function seedCockroach(target: StoreTarget): Promise<StoreOutcome> {
  return seedSqlStore(COCKROACH_DIALECT, await cockroachLogins(target), target);
}
