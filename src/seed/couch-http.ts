import { httpsRequest } from '../probes/https-get.js';
import { OperationError } from '../shared/errors.js';
import type { StoreTarget } from './store-target.js';

export interface CouchResponse {
  status: number;
  json: Record<string, unknown>;
}

export type CouchCall = (method: string, path: string, body?: unknown, auth?: { username: string; password: string }) => Promise<CouchResponse>;

/** CouchDB's HTTP API over verified TLS, as the given user (the server admin unless told otherwise). */
export function couchClient(target: StoreTarget, admin: { username: string; password: string }): CouchCall {
  return async (method, path, body, auth = admin) => {
    const response = await httpsRequest({ host: target.host, port: target.port, ca: target.ca, servername: target.servername, path, method, body, auth, timeoutMs: 15_000 });
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's error page): the status says enough, expectStatus shows the text.
      json = { text: response.body.slice(0, 200) };
    }
    return { status: response.status, json };
  };
}

/** Throws with CouchDB's own error and reason unless the status is one of `ok`. */
export function expectStatus(response: CouchResponse, ok: number[], what: string): CouchResponse {
  if (ok.includes(response.status)) return response;
  const { error, reason, text } = response.json as { error?: string; reason?: string; text?: string };
  throw new OperationError(
    `couchdb: ${what} answered ${response.status} ${[error, reason, text].filter(Boolean).join(': ')}`,
    response.status === 401 ? 'the admin password in the secrets file does not match the server: run `rocketctl up couchdb` to apply it, then `rocketctl seed` again' : 'check `rocketctl logs couchdb`, then run `rocketctl seed` again',
  );
}
