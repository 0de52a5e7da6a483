import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './http-replies.js';
import { writeRawError } from './node-http-replies.js';
import { trackUpgradeSockets } from './upgrade-sockets.js';
import { handshakeProblem } from './websocket-handshake.js';
import type { WsHub } from './ws-hub.js';

export interface StreamRoute {
  /** Upgrades refused because the connection cap was reached. */
  readonly refused: number;
  /**
   * For the server's onRequest hook, after the request guard: answers an upgrade that is not a valid WebSocket
   * handshake, or one beyond the cap, before the handshake; null lets the request through.
   */
  refuseUpgrade(request: FastifyRequest, reply: FastifyReply): FastifyReply | null;
  /** Terminates every client and destroys every other upgrade socket. Idempotent. */
  destroySockets(): void;
}

/** `/ws`: the WebSocket plugin, every socket an upgrade leaves behind, and the checks an upgrade passes first. */
export async function registerStreamRoute(
  app: FastifyInstance,
  options: { hub: WsHub; hello: () => unknown; maxClients: number; maxPayloadBytes: number },
): Promise<StreamRoute> {
  const { hub, maxClients } = options;
  const upgrades = trackUpgradeSockets(app.server);
  const destroySockets = () => {
    hub.terminateAll();
    upgrades.destroyAll();
  };
  await app.register(fastifyWebsocket, {
    options: { maxPayload: options.maxPayloadBytes, perMessageDeflate: false },
    // Every socket is destroyed here; the plugin's default sends close frames a dead peer never answers.
    preClose: (done) => {
      destroySockets();
      done();
    },
    errorHandler: (_error, socket) => socket.terminate(),
  });
  // What ws still refuses after refuseUpgrade's checks (a malformed Sec-WebSocket-Protocol) is answered as JSON too.
  app.websocketServer.on('wsClientError', (error: Error, socket) =>
    writeRawError(socket, error.message === 'Invalid HTTP method' ? 405 : 400, `WebSocket handshake refused: ${error.message}`),
  );
  app.route({
    method: 'GET',
    url: '/ws',
    // A plain GET (no upgrade) is told what this is, instead of the plugin's empty 404.
    handler: async (_request, reply) =>
      reply.code(426).header('upgrade', 'websocket').send(errorBody(426, '/ws is a WebSocket stream: connect with a WebSocket client')),
    wsHandler: (socket) => hub.accept(socket, options.hello()),
  });
  return {
    get refused() {
      return upgrades.refused;
    },
    refuseUpgrade(request, reply) {
      if (!request.ws) return null;
      const problem = handshakeProblem(request.method, request.headers);
      if (problem) return reply.code(problem.statusCode).send(errorBody(problem.statusCode, problem.message));
      // Refused before the handshake, so a refusal never becomes one more socket waiting for a close frame.
      if (upgrades.overCap(maxClients))
        return reply
          .code(503)
          .header('retry-after', '5')
          .send(errorBody(503, `the server holds its maximum of ${maxClients} WebSocket connections: try again later`));
      return null;
    },
    destroySockets,
  };
}
