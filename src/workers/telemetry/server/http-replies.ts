import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../../../shared/log.js';
import { HttpError } from './http-error.js';

export const errorBody = (statusCode: number, message: string) => ({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message });

/** Hardening headers on every answer; the dashboard may load only its own scripts and connect only back here. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
});

/** Every error and every unknown route answers JSON `{ statusCode, error, message }`; nothing falls through as HTML. */
export function installJsonErrors(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    let status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
    if (!(error instanceof HttpError) && error.validation) status = 400;
    if (status < 400 || status > 599) status = 500;
    let message = error.message;
    if (status === 415) message = 'bodies are JSON: send content-type application/json (or no body at all)';
    if (status >= 500) {
      log.warn(`telemetry server: ${request.method} ${request.url.slice(0, 200)} failed: ${error.message}`);
      message = 'internal error (logged by the server)';
    }
    void reply.code(status).send(errorBody(status, message));
  });
  // The path is not echoed: a reply never carries back what a client wrote into a URL.
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(404, `no route ${request.method} for this path (see GET /api/actions)`));
  });
}

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers(SECURITY_HEADERS);
    return payload;
  });
}

/**
 * Fastify's router errors (a URL that does not decode, a segment longer than the parameter limit) are answered
 * outside every hook: the headers are set here, and Fastify's message, which quotes the whole URL, is replaced.
 */
export function frameworkErrorReply(maxParamLength: number) {
  return (_error: FastifyError, _request: unknown, reply: FastifyReply): void =>
    void reply
      .code(400)
      .headers(SECURITY_HEADERS)
      .send(errorBody(400, `the URL path does not decode, or a segment of it is longer than ${maxParamLength} characters`));
}
