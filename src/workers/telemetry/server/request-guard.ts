import { isIP } from 'node:net';
import { HttpError } from './http-error.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const isLoopback = (address: string): boolean => address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));

// `host[:port]` and nothing else: a name or IPv4 address, or an IPv6 address in brackets; the port in digits.
// Parsing Host as a URL accepted `evil.com@localhost`, `localhost/evil`, `localhost#x` and `localhost\evil.com`.
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$/;

export function parseHostHeader(value: string): { hostname: string; port: number | null } | null {
  const match = HOST_HEADER.exec(value);
  if (!match) return null;
  return { hostname: match[1]!.toLowerCase(), port: match[2] === undefined ? null : Number(match[2]) };
}

const originHost = (origin: string): string | null => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

export interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  isUpgrade: boolean;
  /** The port the connection came in on: the server's own. */
  localPort: number | undefined;
}

/**
 * Keeps web pages from other sites away from a server on the operator's machine. A server bound to loopback
 * answers only requests addressed to a loopback name and its own port (a DNS-rebinding page sends its own host
 * name); and a browser request that changes something (a POST, a WebSocket) must come from a page this server
 * served (its Origin matches the Host): a cross-site page cannot trigger actions. A server bound to another
 * address may be reached under names and ports it cannot know (a container's published port): there the Host
 * only has to be well-formed.
 */
export function createRequestGuard(bindAddress: string): (request: GuardedRequest) => HttpError | null {
  const allowed = isLoopback(bindAddress) ? new Set([...LOOPBACK_NAMES, bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress]) : null;
  return ({ method, headers, isUpgrade, localPort }) => {
    const host = typeof headers.host === 'string' ? headers.host : '';
    if (host === '') return new HttpError(400, 'the request has no Host header (HTTP/1.1 requires one)');
    const parsed = parseHostHeader(host);
    if (!parsed) return new HttpError(400, 'malformed Host header: expected host[:port] (an IPv6 address in brackets)');
    if (allowed && (!allowed.has(parsed.hostname) || (parsed.port !== null && parsed.port !== localPort))) {
      return new HttpError(403, `host ${JSON.stringify(host.slice(0, 100))} is not served here: use http://localhost or the loopback address`);
    }
    const origin = headers.origin;
    const changes = isUpgrade || (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS');
    // Non-browser clients send no Origin; a browser always does on these requests ("null" from sandboxes).
    if (changes && typeof origin === 'string' && originHost(origin) !== host) {
      return new HttpError(403, `cross-origin request from ${JSON.stringify(origin.slice(0, 100))} refused`);
    }
    return null;
  };
}
