import { createSqlClient } from '../../clients/sql.js';
import { seedSqlStore, type SqlDialect, type SqlLogins } from '../../seed/sql-store.js';
import type { StoreOutcome, StoreTarget } from '../../seed/store-target.js';

export const POSTGRES_DIALECT: SqlDialect = {
  store: 'postgres',
  adminDatabase: 'postgres',
  // NOINHERIT/NOREPLICATION/NOBYPASSRLS: no privilege may reach the roles except the table grants.
  roleOptions: 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS',
};

/** As the superuser `postgres` (password from the secrets file) or as a role, over verified TLS. */
export function postgresLogins(target: StoreTarget): SqlLogins {
  const login = (user: string, password: string, database: string) =>
    createSqlClient(
      { host: target.host, port: target.port, servername: target.servername, ca: target.ca, user, password, database },
      { signal: target.signal },
    );
  return { asAdmin: (database) => login('postgres', target.secrets.get('POSTGRES_SUPERUSER_PASSWORD'), database), asRole: login };
}

export function seedPostgres(target: StoreTarget): Promise<StoreOutcome> {
  return seedSqlStore(POSTGRES_DIALECT, postgresLogins(target), target);
}
