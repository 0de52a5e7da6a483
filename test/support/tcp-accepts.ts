import net from 'node:net';

/** Whether host:port accepts a TCP connection within `timeoutMs` (the connection is closed at once). */
export function acceptsConnection(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const done = (open: boolean) => (socket.destroy(), resolve(open));
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
