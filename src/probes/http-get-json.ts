import http from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

/** One plain-HTTP GET (no keep-alive agent: a pooled socket would hold the CLI open); resolves status + parsed JSON body. */
export function httpGetJson(url: string, signal: AbortSignal): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, signal, headers: { accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) request.destroy(new Error(`answer from ${url} is larger than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          reject(new Error(`${url} answered ${response.statusCode} with a body that is not JSON`));
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
