import pg from 'pg';
import { withDeadline } from '../shared/deadline.js';
import { InterruptedError } from '../shared/errors.js';

export interface SqlLogin {
  host: string;
  port: number;
  /** The name the server certificate is verified against. */
  servername: string;
  ca: string | Buffer;
  user: string;
  password?: string;
  database: string;
  /** A client certificate (Cockroach's root login). */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface ClientOptions {
  /** Aborting it ends the connection at once: a pending query rejects with InterruptedError. */
  signal?: AbortSignal | undefined;
  connectTimeoutMs?: number;
  /** Per query, enforced on the client (a server that stops answering) and on the server (statement_timeout). */
  queryTimeoutMs?: number;
}

/** A connected SQL session over verified TLS: Postgres, and Cockroach through the same wire protocol. */
export interface SqlClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  escapeLiteral(value: string): string;
  /** Idempotent; ends the session and destroys the socket if the server does not answer the goodbye. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 2_000;

export async function createSqlClient(login: SqlLogin, options: ClientOptions = {}): Promise<SqlClient> {
  const { signal, connectTimeoutMs = 5_000, queryTimeoutMs = 30_000 } = options;
  if (signal?.aborted) throw new InterruptedError();
  const client = new pg.Client({
    host: login.host,
    port: login.port,
    user: login.user,
    ...(login.password !== undefined ? { password: login.password } : {}),
    database: login.database,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
    ssl: { ca: login.ca, servername: login.servername, rejectUnauthorized: true, ...(login.cert ? { cert: login.cert, key: login.key } : {}) },
  });
  // A refused login emits 'error' on the client as well as rejecting connect(); only the rejection matters here.
  client.on('error', () => undefined);
  let closing: Promise<void> | undefined;
  // Graceful (a goodbye the server answers) for a session that worked; at once on Ctrl-C or a failed login,
  // where a goodbye to a silent server would only wait out the grace period.
  const close = (graceful = true) =>
    (closing ??= (async () => {
      signal?.removeEventListener('abort', onAbort);
      if (!graceful) destroySocket(client);
      await withDeadline(() => client.end(), { timeoutMs: CLOSE_GRACE_MS }).catch(() => destroySocket(client));
    })());
  const onAbort = () => void close(false);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await withDeadline(() => client.connect(), { timeoutMs: connectTimeoutMs + 1_000, signal, what: `SQL login at ${login.host}:${login.port}` });
  } catch (error) {
    await close(false);
    throw error;
  }
  return {
    query: (text, params) => withDeadline(() => client.query(text, params), { timeoutMs: queryTimeoutMs + 1_000, signal, what: 'the SQL query' }),
    escapeLiteral: (value) => client.escapeLiteral(value),
    close: () => close(),
  };
}

/** Opens, runs `use`, always closes. */
export function withSqlClient<T>(login: SqlLogin, options: ClientOptions, use: (client: SqlClient) => Promise<T>): Promise<T> {
  return usingSqlClient(createSqlClient(login, options), use);
}

/** Waits for a client being opened, runs `use`, always closes it. */
export async function usingSqlClient<T>(connecting: Promise<SqlClient>, use: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await connecting;
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** A TLS (verified) SQL login and `SELECT version()`. */
export function sqlPing(login: SqlLogin, options: ClientOptions = {}): Promise<string> {
  return withSqlClient(login, options, async (client) => (await client.query<{ version: string }>('SELECT version() AS version')).rows[0]?.version ?? '');
}

// pg has no public way to drop a connection whose server went silent; its socket is `connection.stream`.
function destroySocket(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
