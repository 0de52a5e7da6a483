import net from 'node:net';
import { InterruptedError } from '../shared/errors.js';
import { cqlStartupFrame } from './cql-startup.js';

const RESPONSE_V4 = 0x84;
const READY = 0x02;
const AUTHENTICATE = 0x03;

/**
 * Whether the node speaks CQL without TLS: a STARTUP over plain TCP that gets READY or AUTHENTICATE back
 * means yes. A node that requires client encryption closes the connection or answers with TLS bytes.
 */
export function cqlAcceptsPlaintext(options: { host: string; port: number; timeoutMs?: number; signal?: AbortSignal }): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new InterruptedError());
    const socket = net.connect({ host: options.host, port: options.port }, () => socket.write(cqlStartupFrame()));
    let received = Buffer.alloc(0);
    const finish = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    const onAbort = () => {
      socket.destroy();
      reject(new InterruptedError());
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(options.timeoutMs ?? 3_000, () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 5) finish(received[0] === RESPONSE_V4 && (received[4] === READY || received[4] === AUTHENTICATE));
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => {
      options.signal?.removeEventListener('abort', onAbort);
      finish(false);
    });
  });
}
