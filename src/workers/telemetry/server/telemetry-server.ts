import Fastify from 'fastify';
import type { Feed } from '../../feed.js';
import type { Logger } from '../../../shared/log.js';
import { httpEndpoint } from '../../endpoint.js';
import { registerApiRoutes, type ReactionEvent } from './api-routes.js';
import { CATALOG_SIZE } from '../catalog/catalog.js';
import { loadDashboardAssets } from './dashboard-assets.js';
import type { StampedFrame } from '../flight/frame.js';
import { errorBody, frameworkErrorReply, installJsonErrors, installSecurityHeaders } from './http-replies.js';
import { listenError } from './listen-error.js';
import { createShutdown } from '../../shutdown.js';
import { clientErrorReply, installExpectationReply } from './node-http-replies.js';
import { createRequestGuard } from './request-guard.js';
import { DEFAULT_SERVER_LIMITS, requestDeadlines, type ServerLimits } from './server-limits.js';
import { registerStreamRoute } from './stream-route.js';
import { createWsHub, type WsHubStats } from './ws-hub.js';

export interface TelemetryServerOptions {
  host: string;
  /**
   * The address clients reach the server on, when that is not `host` (in the workers member: the host's bind
   * address, published onto a server that listens on every interface of its container). The Host check follows it.
   */
  publicHost?: string;
  /** 0 picks a free port. */
  port: number;
  /** Every value published here goes to every `/ws` client as one JSON message. */
  frames: Feed<unknown>;
  rateHz: number;
  log: Logger;
  limits?: Partial<ServerLimits>;
}

export interface TelemetryServer {
  /** `http://127.0.0.1:8480` (IPv6 bracketed; a wildcard bind is reached through loopback). */
  readonly url: string;
  readonly port: number;
  stats(): WsHubStats & { refused: number; reactions: number };
  /** Memoised: destroys every WebSocket and upgrade socket, then closes the listener and every HTTP connection. */
  close(): Promise<void>;
}

/** The dashboard (`/`), the live stream (`/ws`), the action ↔ reaction API and `/healthz`, on one port. */
export async function createTelemetryServer(options: TelemetryServerOptions): Promise<TelemetryServer> {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const assets = await loadDashboardAssets();
  const hub = createWsHub(limits);
  const started = Date.now();
  let lastFrame: StampedFrame | null = null;
  let reactions = 0;
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimitBytes,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // The request guard answers a missing Host (node's own answer would be an empty 400).
    http: { ...requestDeadlines(limits.requestTimeoutMs), requireHostHeader: false },
    clientErrorHandler: clientErrorReply(limits),
    routerOptions: { maxParamLength: limits.maxParamLength },
    forceCloseConnections: true,
    return503OnClosing: false,
    // A URL that does not decode (`/api/actions/%`) gets the same JSON error shape as everything else.
    frameworkErrors: frameworkErrorReply(limits.maxParamLength),
    // Fastify's defaults would silently drop unknown fields and coerce types: refuse them instead.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });
  // Bodies are JSON or nothing: other media types get 415 instead of reaching the schema as a string.
  app.removeContentTypeParser('text/plain');
  installJsonErrors(app, options.log);
  installSecurityHeaders(app);
  installExpectationReply(app.server);
  // Declared before the hooks that read it; its steps need what is made below, so they are filled in last.
  const closeSteps: (() => unknown)[] = [];
  const shutdown = createShutdown(closeSteps, (error) => options.log.warn(`telemetry server: ${(error as Error).message}`));
  const hello = () => ({ type: 'hello', rate_hz: options.rateHz, catalog_total: CATALOG_SIZE, server_time: Date.now() });
  const stream = await registerStreamRoute(app, { hub, hello, maxClients: limits.maxClients, maxPayloadBytes: limits.wsMaxPayloadBytes });
  // After the WebSocket plugin's own hook: it marks upgrade requests, and destroys a refused upgrade's socket
  // once the answer is sent (an upgrade socket is no longer tracked by the HTTP server).
  const guard = createRequestGuard(options.publicHost ?? options.host);
  app.addHook('onRequest', async (request, reply) => {
    // Fastify's own 503 while closing carries no security headers (return503OnClosing is off).
    if (shutdown.started) return reply.code(503).header('connection', 'close').send(errorBody(503, 'the server is shutting down'));
    if (request.ws) void reply.header('connection', 'close');
    const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    const refused = guard({ method: request.method, headers: request.headers, isUpgrade, localPort: request.socket.localPort });
    if (refused) return reply.code(refused.statusCode).send(errorBody(refused.statusCode, refused.message));
    return stream.refuseUpgrade(request, reply) ?? undefined;
  });
  for (const [route, asset] of assets) app.get(route, async (_request, reply) => reply.type(asset.type).send(asset.body));
  registerApiRoutes(app, {
    lastFrame: () => lastFrame,
    emit: (event: ReactionEvent) => {
      reactions++;
      hub.broadcast(event);
    },
    health: () => ({
      rate_hz: options.rateHz,
      uptime_s: Math.round((Date.now() - started) / 1000),
      last_seq: lastFrame?.seq ?? null,
      ...hub.stats(),
      refused: stream.refused,
      reactions,
    }),
  });

  const unsubscribe = options.frames.subscribe((frame) => {
    lastFrame = frame as StampedFrame;
    hub.broadcast(frame);
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    unsubscribe();
    stream.destroySockets();
    await app.close().catch(() => undefined);
    throw listenError(error, options.host, options.port);
  }
  closeSteps.push(
    unsubscribe,
    () => stream.destroySockets(),
    () => app.close(),
  );
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: httpEndpoint(options.host, port),
    port,
    stats: () => ({ ...hub.stats(), refused: stream.refused, reactions }),
    close: shutdown.close,
  };
}
