import { createSqlClient } from '../../clients/sql.js';
import { seedSqlStore, type SqlDialect } from '../../seed/sql-store.js';
import type { StoreOutcome, StoreTarget } from '../../seed/store-target.js';

export const POSTGRES_DIALECT: SqlDialect = {
  store: 'postgres',
  adminDatabase: 'postgres',
  // NOINHERIT/NOREPLICATION/NOBYPASSRLS: no privilege may reach the roles except the table grants.
  roleOptions: 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS',
};

/** Postgres, as its superuser `postgres` (password from the secrets file) over verified TLS. */
export function seedPostgres(target: StoreTarget): Promise<StoreOutcome> {
  const login = (user: string, password: string, database: string) =>
    createSqlClient({ host: target.host, port: target.port, servername: target.servername, ca: target.ca, user, password, database }, { signal: target.signal });
  const superuserPassword = target.secrets.get('POSTGRES_SUPERUSER_PASSWORD');
  return seedSqlStore(POSTGRES_DIALECT, { asAdmin: (database) => login('postgres', superuserPassword, database), asRole: login }, target);
}
