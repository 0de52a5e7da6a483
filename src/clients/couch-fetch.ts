import { withDeadline } from '../shared/deadline.js';
import { readBody } from './couch-body.js';
import type { CouchClient } from './couch-client.js';

interface FetchInit {
  method?: string;
  headers?: { forEach(callback: (value: string, name: string) => void): void } | Record<string, string>;
  body?: unknown;
}

/**
 * A `fetch` for PouchDB's HTTP adapter that goes through this client: the project CA, the client's user
 * (so no credentials sit in a URL), its keep-alive sockets and signal, and a deadline per request. PouchDB
 * only sends JSON here (the observer stores no attachments).
 */
export function couchFetch(client: CouchClient, timeoutMs: number) {
  return (url: string, init: FetchInit = {}): Promise<Response> =>
    withDeadline(
      async (signal) => {
        const { pathname, search } = new URL(url);
        const headers: Record<string, string> = {};
        const copy = (value: string, name: string) => {
          if (name.toLowerCase() !== 'authorization') headers[name] = value;
        };
        if (typeof init.headers?.forEach === 'function') (init.headers.forEach as (cb: typeof copy) => void)(copy);
        else Object.entries(init.headers ?? {}).forEach(([name, value]) => copy(String(value), name));
        const body = init.body === undefined || init.body === null ? undefined : String(init.body);
        const response = await client.stream(
          { method: init.method ?? 'GET', path: `${pathname}${search}`, headers, ...(body === undefined ? {} : { body }) },
          signal,
        );
        const text = await readBody(response, {
          maxBytes: client.maxResponseBytes,
          what: `CouchDB ${init.method ?? 'GET'} ${pathname}`,
          hint: 'the observer replicates small documents: check what answers on the CouchDB port',
        });
        const status = response.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        return new Response([204, 304].includes(status) ? null : text, { status, headers: responseHeaders });
      },
      { timeoutMs, signal: undefined, what: `CouchDB ${init.method ?? 'GET'} ${new URL(url).pathname}` },
    );
}
