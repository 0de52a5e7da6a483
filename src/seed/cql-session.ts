import cassandra from 'cassandra-driver';
import type { StoreTarget } from './store-target.js';

/** SimpleSnitch (templates/cassandra/cassandra.yaml) puts the node in this data centre. */
export const CASSANDRA_DATACENTER = 'datacenter1';

export interface CqlCredentials {
  username: string;
  password: string;
}

// The typings declare AddressTranslator an interface; the driver insists on an instance of its class.
const { AddressTranslator } = cassandra.policies.addressResolution as unknown as {
  AddressTranslator: new () => cassandra.policies.addressResolution.AddressTranslator;
};

/**
 * A driver session over verified TLS to the one published node. The node announces its address on the
 * project network, which the host may not reach: every connection goes to the published endpoint instead.
 */
export async function openCqlSession(target: Pick<StoreTarget, 'host' | 'port' | 'ca' | 'servername'>, credentials: CqlCredentials): Promise<cassandra.Client> {
  const endpoint = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  class ToPublishedEndpoint extends AddressTranslator {
    override translate(_address: string, _port: number, callback: (endpoint: string) => void): void {
      callback(endpoint);
    }
  }
  const client = new cassandra.Client({
    contactPoints: [endpoint],
    localDataCenter: CASSANDRA_DATACENTER,
    credentials,
    // The driver's default is rejectUnauthorized: false (formats.md §6).
    sslOptions: { ca: [target.ca], servername: target.servername, rejectUnauthorized: true },
    policies: { addressResolution: new ToPublishedEndpoint() },
    socketOptions: { connectTimeout: 5000, readTimeout: 30_000 },
    // No heartbeat: its timer outlives shutdown() of a half-connected client and holds the process open.
    pooling: { heartBeatInterval: 0 },
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.shutdown().catch(() => undefined);
    throw error;
  }
}

/** True when the node refused the credentials (as opposed to being unreachable). */
export function isAuthenticationFailure(error: unknown): boolean {
  const inner = Object.values((error as { innerErrors?: Record<string, unknown> }).innerErrors ?? {});
  return [error, ...inner].some((e) => e instanceof cassandra.errors.AuthenticationError || /and\/or password are incorrect/.test(String((e as Error)?.message)));
}

/** Logs in and out: true when the credentials work, false when the node refuses them. */
export async function cqlLogsIn(target: Pick<StoreTarget, 'host' | 'port' | 'ca' | 'servername'>, credentials: CqlCredentials): Promise<boolean> {
  try {
    await (await openCqlSession(target, credentials)).shutdown();
    return true;
  } catch (error) {
    if (isAuthenticationFailure(error)) return false;
    throw error;
  }
}

/** A CQL string literal. */
export const cqlLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;
