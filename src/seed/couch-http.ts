import { createCouchClient, type CouchAuth, type CouchClient } from '../clients/couch-client.js';
import { COUCHDB_ADMIN } from '../services/couchdb/descriptor.js';
import { OperationError } from '../shared/errors.js';
import type { StoreTarget } from './store-target.js';

export interface CouchResponse {
  status: number;
  json: Record<string, unknown>;
}

/** One request as a user (the server admin unless told otherwise); `close()` ends every client it made. */
export type CouchCall = ((method: string, path: string, body?: unknown, auth?: CouchAuth) => Promise<CouchResponse>) & { close(): Promise<void> };

/** CouchDB's HTTP API over verified TLS (the one CouchDB client, one per user), with the target's signal. */
export function couchClient(target: StoreTarget, admin: CouchAuth): CouchCall {
  const clients = new Map<string, CouchClient>();
  const endpoint = { host: target.host, port: target.port, ca: target.ca, servername: target.servername };
  const call = async (method: string, path: string, body?: unknown, auth: CouchAuth = admin): Promise<CouchResponse> => {
    const key = `${auth.username}\0${auth.password}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = createCouchClient(endpoint, auth, { signal: target.signal })));
    const response = await client.request({ method, path, ...(body === undefined ? {} : { body }) });
    return { status: response.status, json: response.json };
  };
  return Object.assign(call, { close: async () => void (await Promise.allSettled([...clients.values()].map((c) => c.close()))) });
}

/** Runs `work` with a CouchDB caller as the server admin, then closes every client it made. */
export async function withCouchAdmin<T>(target: StoreTarget, work: (couch: CouchCall) => Promise<T>): Promise<T> {
  const couch = couchClient(target, { username: COUCHDB_ADMIN, password: target.secrets.get('COUCHDB_ADMIN_PASSWORD') });
  try {
    return await work(couch);
  } finally {
    await couch.close();
  }
}

/** Throws with CouchDB's own error and reason unless the status is one of `ok`. */
export function expectStatus(response: CouchResponse, ok: number[], what: string, again = '`rocketctl seed`'): CouchResponse {
  if (ok.includes(response.status)) return response;
  const { error, reason, text } = response.json as { error?: string; reason?: string; text?: string };
  throw new OperationError(
    `couchdb: ${what} answered ${response.status} ${[error, reason, text].filter(Boolean).join(': ')}`,
    response.status === 401
      ? `the admin password in the secrets file does not match the server: run \`rocketctl up couchdb\` to apply it, then ${again} again`
      : `check \`rocketctl logs couchdb\`, then run ${again} again`,
  );
}
