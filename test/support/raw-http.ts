import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawAnswer {
  /** The status code of the first response line (0 when the server closed before answering). */
  status: number;
  /** Lower-cased header names; the last value wins. */
  headers: Record<string, string>;
  /** Whatever followed the headers until the socket closed or `settleMs` passed. */
  body: string;
  /** Still open unless the server closed it: the caller destroys it (or leaves it hanging on purpose). */
  socket: net.Socket;
}

/**
 * Bytes written exactly as given on a fresh TCP connection, and the answer read raw: for requests no HTTP
 * client would send (no Host, a partial header, a hand-made upgrade) and for answers node's HTTP layer writes
 * before the application sees anything.
 */
export function rawRequest(
  endpoint: string,
  text: string | Buffer,
  options: {
    /** The answer is complete when nothing more came for this long (default 200 ms), or when the server closes. */
    settleMs?: number;
    /** Gives up waiting for any answer after this (default 15 s): the status is then 0. */
    timeoutMs?: number;
    /** Called once the request bytes are written: to keep writing (a body dripped slowly). */
    onSocket?: (socket: net.Socket) => void;
  } = {},
): Promise<RawAnswer> {
  const url = new URL(endpoint);
  const socket = net.connect(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''));
  socket.on('error', () => undefined);
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => finish(), options.timeoutMs ?? 15_000);
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(deadline);
      socket.removeAllListeners('data');
      const text = received.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end === -1 ? text : text.slice(0, end);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: end === -1 ? '' : text.slice(end + 4), socket });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      clearTimeout(timer);
      timer = setTimeout(finish, options.settleMs ?? 200);
    });
    socket.once('close', finish);
    socket.write(text);
    options.onSocket?.(socket);
  });
}

/** A WebSocket handshake request as a browser sends it (valid key and version), for `path`. */
export function upgradeRequest(endpoint: string, path: string, headers: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    host: new URL(endpoint).host,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': randomBytes(16).toString('base64'),
    ...headers,
  };
  const lines = Object.entries(base).map(([name, value]) => `${name}: ${value}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
