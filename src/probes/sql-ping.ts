import pg from 'pg';

export interface SqlLogin {
  host: string;
  port: number;
  servername: string;
  ca: string | Buffer;
  user: string;
  password?: string;
  database: string;
  cert?: string | Buffer;
  key?: string | Buffer;
  timeoutMs?: number;
}

/** A connected client over verified TLS: Postgres, and Cockroach through the same wire protocol. */
export async function connectSql(options: SqlLogin): Promise<pg.Client> {
  const client = new pg.Client({
    host: options.host,
    port: options.port,
    user: options.user,
    ...(options.password !== undefined ? { password: options.password } : {}),
    database: options.database,
    connectionTimeoutMillis: options.timeoutMs ?? 5000,
    ssl: { ca: options.ca, servername: options.servername, rejectUnauthorized: true, ...(options.cert ? { cert: options.cert, key: options.key } : {}) },
  });
  // A refused login emits 'error' on the client as well as rejecting connect(); only the rejection matters here.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A TLS (verified) SQL login and `SELECT version()`. */
export async function sqlPing(options: SqlLogin): Promise<string> {
  const client = await connectSql(options);
  try {
    const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
    return rows[0]?.version ?? '';
  } finally {
    await client.end().catch(() => undefined);
  }
}
