import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { formatSeconds } from '../../../shared/deadline.js';
import { SECURITY_HEADERS, errorBody } from './http-replies.js';

/** The one answer a socket gets before it is closed, written raw: the HTTP parser gave up on this connection. */
export function writeRawError(socket: Duplex, statusCode: number, message: string): void {
  if (socket.writable) {
    const body = JSON.stringify(errorBody(statusCode, message));
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      ...SECURITY_HEADERS,
    };
    const head = [`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Error'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  }
  // As node does itself: whatever the client still sends on this connection is not read.
  socket.destroy();
}

/**
 * What node's HTTP layer answers by itself before any route or hook runs (a malformed request, headers too large,
 * a request too slow, an Expect it cannot meet) gets the same JSON shape and headers as every other error.
 */
export function clientErrorReply(limits: { requestTimeoutMs: number }) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
      return writeRawError(socket, 408, `the request did not arrive completely within ${formatSeconds(limits.requestTimeoutMs)}`);
    if (error.code === 'HPE_HEADER_OVERFLOW') return writeRawError(socket, 431, 'the request headers are too large');
    writeRawError(socket, 400, 'malformed HTTP request');
  };
}

export function installExpectationReply(server: Server): void {
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(errorBody(417, 'only "Expect: 100-continue" is understood'));
    response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS });
    response.end(body);
  });
}
