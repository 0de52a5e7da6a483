import { createSqlClient, usingSqlClient, type SqlLogin } from '../../clients/sql.js';

/** A replay of a database restore may take long: far beyond the 30 s a single query gets elsewhere. */
const RESTORE_QUERY_TIMEOUT_MS = 30 * 60_000;

/**
 * One database back from its `pg_dump --clean --if-exists --inserts` text, as the superuser: made if missing, then
 * the dump replayed in one transaction (objects the migrations already made are dropped and made again as they were).
 * psql's own meta-commands (lines starting with a backslash) are not SQL and are skipped.
 */
export async function loadPostgresDatabase(superuser: Omit<SqlLogin, 'database'>, database: string, dump: string, signal: AbortSignal): Promise<void> {
  await usingSqlClient(createSqlClient({ ...superuser, database: 'postgres' }, { signal }), async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  });
  const sql = dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
  await usingSqlClient(createSqlClient({ ...superuser, database }, { signal, queryTimeoutMs: RESTORE_QUERY_TIMEOUT_MS }), async (client) => {
    await client.query(`BEGIN;\n${sql}\nCOMMIT;`);
  });
}
