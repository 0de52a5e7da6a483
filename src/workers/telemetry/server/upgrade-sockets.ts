import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Every socket that asked for an upgrade, from that moment until it closes: `/ws` clients, upgrades that were
 * refused, upgrades on a route that is not a WebSocket (answered with a close frame), handshakes that never
 * finish. Node's HTTP server stops tracking a socket once it is upgraded (closeAllConnections misses it), and
 * ws waits up to 30 s for a close frame that a dead or hostile peer never sends: destroyAll() ends them at once.
 * They all count against the client cap, so refused or orphaned sockets cannot pile up beside the clients.
 */
export interface UpgradeSockets {
  /** Upgrades refused because the cap was reached. */
  readonly refused: number;
  /** Counts a refusal when the socket being handled is beyond the cap. */
  overCap(maxSockets: number): boolean;
  /** Destroys every upgrade socket, and any that still arrives. Idempotent. */
  destroyAll(): void;
}

export function trackUpgradeSockets(server: Server): UpgradeSockets {
  const sockets = new Set<Duplex>();
  let refused = 0;
  let closed = false;
  // Prepended: counted before the WebSocket plugin routes the request through the hooks that check the cap.
  server.prependListener('upgrade', (_request, socket: Duplex) => {
    if (closed) return void socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    get refused() {
      return refused;
    },
    overCap(maxSockets) {
      if (sockets.size <= maxSockets) return false;
      refused++;
      return true;
    },
    destroyAll() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}
