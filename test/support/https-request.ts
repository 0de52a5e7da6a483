import https from 'node:https';

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One HTTPS request verified against `ca` as `servername` (JSON in, JSON out), for talking to a service as a client would. */
export function httpsRequest(
  address: string,
  options: { ca: string; servername: string; method?: string; path: string; auth?: string; cookie?: string; body?: unknown },
): Promise<HttpsAnswer> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        ca: options.ca,
        servername: options.servername,
        agent: false,
        timeout: 15_000,
        headers: {
          accept: 'application/json',
          ...(options.auth ? { authorization: `Basic ${Buffer.from(options.auth).toString('base64')}` } : {}),
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: the text as it came
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${options.path}: no answer within 15 s`)));
    request.on('error', reject);
    request.end(body);
  });
}
