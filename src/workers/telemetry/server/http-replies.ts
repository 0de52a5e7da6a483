import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../../../shared/log.js';
import { HttpError } from './http-error.js';

export const errorBody = (statusCode: number, message: string) => ({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message });

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
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.slice(0, 200)} (see GET /api/actions)`));
  });
}

/** Hardening headers on every answer; the dashboard may load only its own scripts and connect only back here. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cache-control', 'no-store');
    void reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    );
    return payload;
  });
}
