import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/**
 * kafkajs' own socket factory (src/network/socketFactory.js), with every socket remembered until it closes:
 * a connect that was still retrying when the client was closed cannot leave a socket that keeps the process
 * alive, because close() destroys whatever is left.
 */
export function createTrackedSocketFactory(): { factory: ISocketFactory; destroyAll(): void } {
  const sockets = new Set<net.Socket>();
  let closed = false;
  const factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    // A retry kafkajs still had scheduled when the client closed: its socket never gets to live.
    if (closed) {
      socket.destroy(new Error('the Kafka client is closed'));
      return socket;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  return {
    factory,
    destroyAll() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}
