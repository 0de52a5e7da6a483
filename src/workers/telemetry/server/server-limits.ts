import type { ServerOptions } from 'node:http';
import type { WsHubLimits } from './ws-hub.js';

/** Every limit of the telemetry server, explicit (tests lower some of them). */
export interface ServerLimits extends WsHubLimits {
  /** Largest request body accepted (413 beyond). */
  bodyLimitBytes: number;
  /** Largest message a WebSocket client may send (the connection is closed with 1009 beyond). */
  wsMaxPayloadBytes: number;
  /** A request must arrive completely within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Longest URL path parameter (ids are at most 2 digits). */
  maxParamLength: number;
  /**
   * Open WebSocket connections of any kind: clients, refused or unfinished upgrades, upgrades of a route that
   * is not a WebSocket. An upgrade beyond this is answered 503 before the handshake.
   */
  maxClients: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  bodyLimitBytes: 4096,
  wsMaxPayloadBytes: 4096,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxParamLength: 64,
  maxClients: 500,
  maxBacklogBytes: 1024 * 1024,
  pingIntervalMs: 15_000,
};

/**
 * The headers, and the whole request with its body, must arrive within `timeoutMs`. Node checks both deadlines
 * only every `connectionsCheckingInterval` (30 s by default, so a 10 s timeout fired after 26 to 66 s): checked
 * ten times per timeout here, so a slow request is answered 408 at most a tenth late.
 */
export const requestDeadlines = (timeoutMs: number): ServerOptions => ({
  headersTimeout: timeoutMs,
  requestTimeout: timeoutMs,
  connectionsCheckingInterval: Math.max(20, Math.min(1000, Math.round(timeoutMs / 10))),
});
