import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import cassandra from 'cassandra-driver';
import pg from 'pg';

/** Independent clients for the stores (the drivers and node:https, not rocketctl's code), for tests. */
export interface StoreEndpoint {
  host: string;
  port: number;
  ca: string;
  servername: string;
}

/**
 * Where each store of a running lab project is reached from this host, as `status --json` reports it (its published
 * endpoint), with the project's CA: `const at = await storeEndpoints(cli, dir); at('postgres', 'sql')`.
 */
export async function storeEndpoints(
  cli: (...args: string[]) => Promise<{ stdout: string }>,
  projectDir: string,
): Promise<(name: string, endpoint: string) => StoreEndpoint> {
  const status = JSON.parse((await cli('status', '--json')).stdout) as { services: Array<{ name: string; endpoints: Record<string, string> }> };
  const ca = await readFile(path.join(projectDir, 'certs/ca/ca.crt'), 'utf8');
  return (name, endpoint) => {
    const [host, port] = status.services.find((s) => s.name === name)!.endpoints[endpoint]!.split(':');
    return { host: host!, port: Number(port), ca, servername: name };
  };
}

const sqlConfig = (endpoint: StoreEndpoint, user: string, password: string, database: string): pg.ClientConfig => ({
  host: endpoint.host,
  port: endpoint.port,
  user,
  password,
  database,
  ssl: { ca: endpoint.ca, servername: endpoint.servername, rejectUnauthorized: true },
});

export async function sqlAs(endpoint: StoreEndpoint, user: string, password: string, database: string): Promise<pg.Client> {
  const client = new pg.Client(sqlConfig(endpoint, user, password, database));
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Runs one statement on a fresh connection and closes it. */
export async function queryOnce(config: pg.ClientConfig, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client(config);
  // A refused login also emits 'error' on the client; the rejected connect() is what the tests check.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function sqlOnce(endpoint: StoreEndpoint, user: string, password: string, database: string, sql: string): Promise<pg.QueryResult> {
  return queryOnce(sqlConfig(endpoint, user, password, database), sql);
}

// The node announces its project-network address; every connection goes to the published port instead.
const { AddressTranslator } = cassandra.policies.addressResolution as unknown as {
  AddressTranslator: new () => cassandra.policies.addressResolution.AddressTranslator;
};

export async function cqlAs(endpoint: StoreEndpoint, username: string, password: string): Promise<cassandra.Client> {
  const published = `${endpoint.host}:${endpoint.port}`;
  class ToPublished extends AddressTranslator {
    override translate(_address: string, _port: number, callback: (endpoint: string) => void): void {
      callback(published);
    }
  }
  const client = new cassandra.Client({
    contactPoints: [published],
    localDataCenter: 'datacenter1',
    credentials: { username, password },
    sslOptions: { ca: [endpoint.ca], servername: endpoint.servername, rejectUnauthorized: true },
    policies: { addressResolution: new ToPublished() },
    pooling: { heartBeatInterval: 0 },
  });
  try {
    await client.connect();
  } catch (error) {
    await client.shutdown();
    throw error;
  }
  return client;
}

export function isCqlUnauthorized(error: unknown): boolean {
  return (error as { code?: number }).code === cassandra.types.responseErrorCodes.unauthorized;
}

export function isCqlBadCredentials(error: unknown): boolean {
  return Object.values((error as { innerErrors?: Record<string, Error> }).innerErrors ?? {}).some((e) => e instanceof cassandra.errors.AuthenticationError);
}

export function couchRequest(
  endpoint: StoreEndpoint,
  method: string,
  path: string,
  options: { auth?: string; body?: unknown } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      ...(payload ? { 'content-type': 'application/json' } : {}),
      ...(options.auth ? { authorization: `Basic ${Buffer.from(options.auth).toString('base64')}` } : {}),
    };
    const request = https.request(
      { host: endpoint.host, port: endpoint.port, path, method, ca: endpoint.ca, servername: endpoint.servername, agent: false, headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: body ? (JSON.parse(body) as Record<string, unknown>) : {} }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
