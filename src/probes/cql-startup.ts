import { InterruptedError } from '../shared/errors.js';
import { connectVerifiedTls } from './tls-handshake.js';

const STARTUP = 0x01;
const READY = 0x02;
const AUTHENTICATE = 0x03;
const ERROR = 0x00;

/**
 * A CQL v4 STARTUP over TLS, read to the server's answer: AUTHENTICATE proves CQL is served over TLS with
 * password authentication on, without needing a credential (which `seed` only creates later).
 */
export function cqlStartupOverTls(options: {
  host: string;
  port: number;
  ca: string | Buffer;
  servername: string;
  verifyAs?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<'authenticate' | 'ready'> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new InterruptedError());
    const socket = connectVerifiedTls(options, 'CQL answer');
    let received = Buffer.alloc(0);
    socket.on('secureConnect', () => socket.write(cqlStartupFrame()));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 9) return;
      const opcode = received[4];
      socket.destroy();
      if (opcode === AUTHENTICATE) resolve('authenticate');
      else if (opcode === READY) resolve('ready');
      else if (opcode === ERROR)
        reject(
          new Error(
            `CQL error: ${received
              .subarray(13)
              .toString('utf8')
              .replace(/[^\x20-\x7e]/g, '')}`,
          ),
        );
      else reject(new Error(`unexpected CQL opcode ${opcode}`));
    });
    socket.on('error', reject);
  });
}

/** A CQL v4 STARTUP request (CQL_VERSION 3.0.0). */
export function cqlStartupFrame(): Buffer {
  const body = stringMap({ CQL_VERSION: '3.0.0' });
  const header = Buffer.from([0x04, 0x00, 0x00, 0x00, STARTUP, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

function stringMap(map: Record<string, string>): Buffer {
  const parts = [u16(Object.keys(map).length)];
  for (const [key, value] of Object.entries(map)) parts.push(string(key), string(value));
  return Buffer.concat(parts);
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const string = (s: string) => Buffer.concat([u16(Buffer.byteLength(s)), Buffer.from(s)]);
