import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSqlClient } from '../../clients/sql.js';
import { seedSqlStore, type SqlDialect } from '../../seed/sql-store.js';
import type { StoreOutcome, StoreTarget } from '../../seed/store-target.js';

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
  const options = { signal: target.signal };
  return seedSqlStore(
    COCKROACH_DIALECT,
    {
      asAdmin: (database) => createSqlClient({ ...server, user: 'root', database, cert, key }, options),
      asRole: (user, password, database) => createSqlClient({ ...server, user, password, database }, options),
    },
    target,
  );
}
