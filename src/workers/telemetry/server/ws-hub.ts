import { WebSocket } from 'ws';

export interface WsHubLimits {
  /** A client whose unsent data exceeds this is dropped: a slow reader never slows the others or grows memory. */
  maxBacklogBytes: number;
  /** Every client is pinged this often; one that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
}

export interface WsHubStats {
  clients: number;
  messagesSent: number;
  droppedSlow: number;
  droppedDead: number;
}

/** The `/ws` clients: JSON broadcast serialised once per message, bounded per-client backlog, liveness pings. */
export interface WsHub {
  accept(socket: WebSocket, hello: unknown): void;
  broadcast(message: unknown): void;
  stats(): WsHubStats;
  /** Destroys every connection at once (no close handshake a dead peer could stall). Idempotent. */
  terminateAll(): void;
}

export function createWsHub(limits: WsHubLimits): WsHub {
  const clients = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  const stats = { messagesSent: 0, droppedSlow: 0, droppedDead: 0 };
  let closed = false;
  const pinger = setInterval(() => {
    for (const socket of clients) {
      if (!alive.has(socket)) {
        stats.droppedDead++;
        drop(socket);
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, limits.pingIntervalMs);
  pinger.unref();

  const drop = (socket: WebSocket) => {
    clients.delete(socket);
    socket.terminate();
  };

  return {
    accept(socket, hello) {
      // The client cap is checked before the handshake (upgrade-sockets.ts); here only a shutdown refuses.
      if (closed) return void socket.terminate();
      clients.add(socket);
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.on('close', () => clients.delete(socket));
      // Clients have nothing to say on this channel; ws itself enforces maxPayload on what they send.
      socket.on('message', () => undefined);
      socket.send(JSON.stringify(hello));
    },
    broadcast(message) {
      const data = Buffer.from(JSON.stringify(message));
      for (const socket of clients) {
        if (socket.readyState !== WebSocket.OPEN) continue;
        if (socket.bufferedAmount > limits.maxBacklogBytes) {
          stats.droppedSlow++;
          drop(socket);
          continue;
        }
        socket.send(data, { binary: false });
        stats.messagesSent++;
      }
    },
    stats: () => ({ clients: clients.size, ...stats }),
    terminateAll() {
      closed = true;
      clearInterval(pinger);
      for (const socket of clients) socket.terminate();
      clients.clear();
    },
  };
}
