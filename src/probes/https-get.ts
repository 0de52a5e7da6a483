import https from 'node:https';
import { InterruptedError } from '../shared/errors.js';

export interface HttpsRequest {
  host: string;
  port: number;
  path: string;
  ca: string | Buffer;
  servername: string;
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  auth?: { username: string; password: string };
  timeoutMs?: number;
  /** Aborting destroys the request at once. */
  signal?: AbortSignal;
}

/** One HTTPS request that verifies the server against the CA and name; resolves with status and body. */
export function httpsRequest(options: HttpsRequest): Promise<{ status: number; body: string }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: options.host,
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        ca: options.ca,
        servername: options.servername,
        rejectUnauthorized: true,
        // No keep-alive agent: a pooled socket would hold the CLI open for seconds after the probe.
        agent: false,
        headers: {
          ...(options.auth ? { authorization: `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}` } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
        timeout: options.timeoutMs ?? 5000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no HTTPS answer from ${options.host}:${options.port} in time`)));
    request.on('error', (error) => reject(options.signal?.aborted ? new InterruptedError() : error));
    request.end(payload);
  });
}

export function httpsGet(options: Omit<HttpsRequest, 'method' | 'body'>): Promise<{ status: number; body: string }> {
  return httpsRequest({ ...options, method: 'GET' });
}
