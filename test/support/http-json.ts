import http from 'node:http';

export interface JsonAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * One raw HTTP request (no keep-alive, no URL normalisation: `%00` and `%` reach the server as written,
 * and Host/Origin can be set), answered with the parsed JSON body.
 */
export function requestJson(
  endpoint: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<JsonAnswer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) });
          } catch {
            reject(new Error(`${options.method ?? 'GET'} ${path}: HTTP ${response.statusCode} with a non-JSON body: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${path}: no answer within 10 s`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

export const postJson = (endpoint: string, path: string, value: unknown, headers: Record<string, string> = {}) =>
  requestJson(endpoint, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
