import cassandra from 'cassandra-driver';
import { withDeadline } from '../shared/deadline.js';
import { formatHostPort } from '../shared/host-port.js';
import { InterruptedError } from '../shared/errors.js';
import type { ClientOptions } from './sql.js';

/** SimpleSnitch (templates/cassandra/cassandra.yaml) puts the node in this data centre. */
export const CASSANDRA_DATACENTER = 'datacenter1';

export interface CqlEndpoint {
  host: string;
  port: number;
  ca: string | Buffer;
  /** The name the node's certificate is verified against. */
  servername: string;
}

export interface CqlCredentials {
  username: string;
  password: string;
}

/** A driver session; `execute` has the driver's own signature, bounded by the signal and a deadline. */
export interface CqlClient {
  execute(query: string, params?: unknown[], options?: cassandra.QueryOptions): Promise<cassandra.types.ResultSet>;
  /** Idempotent. */
  close(): Promise<void>;
}

// The typings declare AddressTranslator an interface; the driver insists on an instance of its class.
const { AddressTranslator } = cassandra.policies.addressResolution as unknown as {
  AddressTranslator: new () => cassandra.policies.addressResolution.AddressTranslator;
};

/**
 * A session over verified TLS to the one published node. The node announces its address on the project
 * network, which the host may not reach: every connection goes to the published endpoint instead.
 */
export async function createCqlClient(endpoint: CqlEndpoint, credentials: CqlCredentials, options: ClientOptions = {}): Promise<CqlClient> {
  const { signal, connectTimeoutMs = 5_000, queryTimeoutMs = 30_000 } = options;
  if (signal?.aborted) throw new InterruptedError();
  const address = formatHostPort(endpoint.host, endpoint.port);
  class ToPublishedEndpoint extends AddressTranslator {
    override translate(_address: string, _port: number, callback: (endpoint: string) => void): void {
      callback(address);
    }
  }
  const client = new cassandra.Client({
    contactPoints: [address],
    localDataCenter: CASSANDRA_DATACENTER,
    credentials,
    // The driver's default is rejectUnauthorized: false.
    sslOptions: { ca: [endpoint.ca], servername: endpoint.servername, rejectUnauthorized: true },
    policies: { addressResolution: new ToPublishedEndpoint() },
    socketOptions: { connectTimeout: connectTimeoutMs, readTimeout: queryTimeoutMs },
    // No heartbeat: its timer outlives shutdown() of a half-connected client and holds the process open.
    pooling: { heartBeatInterval: 0 },
    // Nothing here reads the driver's copy of the schema (every keyspace, table and type, fetched at each connect):
    // without it a session is a login and a few statements. Schema agreement after DDL does not depend on it.
    isMetadataSyncEnabled: false,
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      signal?.removeEventListener('abort', onAbort);
      await withDeadline(() => client.shutdown(), { timeoutMs: 5_000 }).catch(() => undefined);
    })());
  const onAbort = () => void close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await withDeadline(() => client.connect(), { timeoutMs: connectTimeoutMs * 2, signal, what: `CQL login at ${address}` });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    execute: (query, params, queryOptions) =>
      withDeadline(() => client.execute(query, params, queryOptions), { timeoutMs: queryTimeoutMs + 1_000, signal, what: 'the CQL statement' }),
    close,
  };
}

/** True when the node refused the credentials (as opposed to being unreachable). */
export function isAuthenticationFailure(error: unknown): boolean {
  const inner = Object.values((error as { innerErrors?: Record<string, unknown> }).innerErrors ?? {});
  return [error, ...inner].some(
    (e) => e instanceof cassandra.errors.AuthenticationError || /and\/or password are incorrect/.test(String((e as Error)?.message)),
  );
}

/** Logs in and out: true when the credentials work, false when the node refuses them. */
export async function cqlLogsIn(endpoint: CqlEndpoint, credentials: CqlCredentials, options: ClientOptions = {}): Promise<boolean> {
  try {
    await (await createCqlClient(endpoint, credentials, options)).close();
    return true;
  } catch (error) {
    if (isAuthenticationFailure(error)) return false;
    throw error;
  }
}

/** A CQL string literal. */
export const cqlLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;
