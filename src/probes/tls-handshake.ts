import tls from 'node:tls';

export interface HandshakeResult {
  protocol: string | null;
  authorized: boolean;
  subject: string;
}

/** A full TLS handshake that verifies the server against the CA and the expected name. */
export function tlsHandshake(options: { host: string; port: number; ca: string | Buffer; servername: string; minVersion?: tls.SecureVersion; timeoutMs?: number }): Promise<HandshakeResult> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: options.host, port: options.port, ca: options.ca, servername: options.servername, rejectUnauthorized: true, ...(options.minVersion ? { minVersion: options.minVersion } : {}) });
    socket.setTimeout(options.timeoutMs ?? 5000, () => socket.destroy(new Error(`TLS handshake with ${options.host}:${options.port} timed out`)));
    socket.on('secureConnect', () => {
      const result = { protocol: socket.getProtocol(), authorized: socket.authorized, subject: String(socket.getPeerCertificate().subject?.CN ?? '') };
      socket.end();
      resolve(result);
    });
    socket.on('error', reject);
  });
}
