import { isIP } from 'node:net';
import { HttpError } from './http-error.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const isLoopback = (address: string): boolean => address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));

const hostnameOf = (host: string): string | null => {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
};

const originHost = (origin: string): string | null => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

/**
 * Keeps web pages from other sites away from a server on the operator's machine. A server bound to
 * loopback answers only requests addressed to a loopback name (a DNS-rebinding page sends its own
 * host name); and a browser request that changes something (a POST, a WebSocket) must come from a
 * page this server served (its Origin matches the Host): a cross-site page cannot trigger actions.
 */
export function createRequestGuard(
  bindAddress: string,
): (request: { method: string; headers: Record<string, string | string[] | undefined>; isUpgrade: boolean }) => HttpError | null {
  const allowed = isLoopback(bindAddress) ? new Set([...LOOPBACK_NAMES, bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress]) : null;
  return ({ method, headers, isUpgrade }) => {
    const host = typeof headers.host === 'string' ? headers.host : '';
    if (host === '') return new HttpError(400, 'the request has no Host header (HTTP/1.1 requires one)');
    const hostname = hostnameOf(host);
    if (allowed && (hostname === null || !allowed.has(hostname))) {
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
