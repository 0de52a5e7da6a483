import { request } from 'node:https';
import type { SecureVersion } from 'node:tls';

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One HTTPS request to 127.0.0.1 that verifies the server against `ca`, with JSON in and out. */
export function httpsJson(
  port: number,
  method: string,
  path: string,
  options: { ca: string; auth?: string; body?: unknown; maxVersion?: SecureVersion },
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: options.ca,
        auth: options.auth,
        maxVersion: options.maxVersion,
        timeout: 10_000,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(new Error(`${method} ${path}: not JSON (${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
