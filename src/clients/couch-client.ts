import { setMaxListeners } from 'node:events';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { withDeadline } from '../shared/deadline.js';
import { OperationError } from '../shared/errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readBody } from './couch-body.js';

export interface CouchEndpoint {
  host: string;
  port: number;
  /** The name the server's certificate is verified against. */
  servername: string;
  ca: string;
}

export interface CouchAuth {
  username: string;
  password: string;
}

export interface CouchRequest {
  method?: string;
  path: string;
  /** Sent as JSON (a string is sent as it is). */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface CouchResponse<T = Record<string, unknown>> {
  status: number;
  headers: IncomingMessage['headers'];
  json: T;
}

export interface CouchClient {
  readonly endpoint: CouchEndpoint;
  readonly user: string;
  /** The largest answer this client reads (the caller of stream() enforces it too). */
  readonly maxResponseBytes: number;
  /** One request with a deadline that the client's signal also ends. */
  request<T = Record<string, unknown>>(request: CouchRequest): Promise<CouchResponse<T>>;
  /** The raw response stream, for feeds that end when the server says so (`_changes`); the caller reads and ends it. */
  stream(request: CouchRequest, signal: AbortSignal): Promise<IncomingMessage>;
  /** Ends every open request and socket; idempotent. */
  close(): Promise<void>;
}

/**
 * CouchDB over HTTPS, the server verified against the project CA, one user per client. Sockets are kept
 * alive for the workers' steady traffic and destroyed by close(), so nothing holds the process open.
 */
export function createCouchClient(
  endpoint: CouchEndpoint,
  auth: CouchAuth,
  options: { signal: AbortSignal; timeoutMs?: number; maxResponseBytes?: number },
): CouchClient {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 8,
    ca: endpoint.ca,
    servername: endpoint.servername,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.3',
  });
  const authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const defaultTimeout = options.timeoutMs ?? 15_000;
  const where = `CouchDB at ${endpoint.host}:${endpoint.port}`;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Every request in flight listens to the client's signal; many at once are normal, not a leak.
  setMaxListeners(256, options.signal);

  const open = (request: CouchRequest, signal: AbortSignal): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const payload = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      const outgoing = https.request({
        host: endpoint.host,
        port: endpoint.port,
        path: request.path,
        method: request.method ?? 'GET',
        agent,
        signal,
        headers: {
          authorization,
          accept: 'application/json',
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...request.headers,
        },
      });
      outgoing.on('response', resolve);
      outgoing.on('error', (error) =>
        reject(
          signal.aborted
            ? (signal.reason ?? error)
            : new OperationError(
                `${where}: ${request.method ?? 'GET'} ${pathOnly(request.path)} failed: ${error.message}`,
                'check that CouchDB runs (`rocketctl status`)',
                { cause: error },
              ),
        ),
      );
      outgoing.end(payload);
    });

  let closed = false;
  return {
    endpoint,
    user: auth.username,
    maxResponseBytes,
    request: <T>(request: CouchRequest) =>
      withDeadline(
        async (signal) => {
          const response = await open(request, signal);
          const text = await readBody(response, {
            maxBytes: maxResponseBytes,
            what: `${where}: ${request.method ?? 'GET'} ${pathOnly(request.path)}`,
            hint: `check what answers on ${endpoint.host}:${endpoint.port}: no answer rocketctl asks CouchDB for is that large`,
          });
          return { status: response.statusCode ?? 0, headers: response.headers, json: parseJson(text) as T };
        },
        { timeoutMs: request.timeoutMs ?? defaultTimeout, signal: options.signal, what: `${where}: ${request.method ?? 'GET'} ${pathOnly(request.path)}` },
      ),
    stream: (request, signal) => open(request, AbortSignal.any([signal, options.signal])),
    async close() {
      if (closed) return;
      closed = true;
      agent.destroy();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): keep the start of it for the error message.
    return { text: text.slice(0, 200) };
  }
}

// Query strings can carry ids; messages name the path only.
const pathOnly = (path: string): string => path.split('?')[0]!;

/** Throws with CouchDB's own error and reason unless the status is one of `ok`. */
export function expectCouchStatus<T>(response: CouchResponse<T>, ok: number[], what: string, hint: string): CouchResponse<T> {
  if (ok.includes(response.status)) return response;
  const { error, reason, text } = response.json as { error?: string; reason?: string; text?: string };
  throw new OperationError(`couchdb: ${what} answered ${response.status} ${[error, reason, text].filter(Boolean).join(': ')}`, hint);
}
