import { HttpError } from './http-error.js';

const KEY = /^[+/0-9A-Za-z]{22}==$/;

/**
 * Node hands every request with an Upgrade header to the WebSocket plugin, and ws refuses a bad handshake with
 * an HTML page of its own. Checked here first, so the refusal goes through the hooks like any other error (JSON,
 * security headers) and the socket is closed after it.
 */
export function handshakeProblem(method: string, headers: Record<string, string | string[] | undefined>): HttpError | null {
  const upgrade = headers.upgrade;
  if (typeof upgrade !== 'string' || upgrade.toLowerCase() !== 'websocket')
    return new HttpError(400, 'only WebSocket upgrades are served (Upgrade: websocket, on /ws)');
  if (method !== 'GET') return new HttpError(405, 'a WebSocket handshake is a GET request');
  const key = headers['sec-websocket-key'];
  if (typeof key !== 'string' || !KEY.test(key)) return new HttpError(400, 'missing or invalid Sec-WebSocket-Key header (16 random bytes in base64)');
  const version = headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') return new HttpError(400, 'missing or unsupported Sec-WebSocket-Version header: send 13');
  return null;
}
