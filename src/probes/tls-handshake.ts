import tls, { type PeerCertificate, type SecureVersion } from 'node:tls';
import { InterruptedError } from '../shared/errors.js';

export interface HandshakeOptions {
  host: string;
  port: number;
  ca: string | Buffer;
  /** SNI, and the name the certificate must carry unless `verifyAs` says otherwise. */
  servername: string;
  /** Check the certificate against this name or IP instead (e.g. `127.0.0.1`: an IP SAN). */
  verifyAs?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A TLS connection verified against the CA and the name (or `verifyAs`), that the signal destroys and that a
 * silent server ends after timeoutMs; the caller listens for 'secureConnect', 'data' and 'error'.
 */
export function connectVerifiedTls(options: HandshakeOptions, what: string): tls.TLSSocket {
  const { verifyAs } = options;
  const socket = tls.connect({
    host: options.host,
    port: options.port,
    ca: options.ca,
    servername: options.servername,
    rejectUnauthorized: true,
    // Verify the certificate for another name or IP than the SNI (the IP SAN 127.0.0.1).
    ...(verifyAs ? { checkServerIdentity: (_host: string, cert: PeerCertificate) => tls.checkServerIdentity(verifyAs, cert) } : {}),
    ...(options.minVersion ? { minVersion: options.minVersion } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  const onAbort = () => socket.destroy(new InterruptedError());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  socket.once('close', () => options.signal?.removeEventListener('abort', onAbort));
  socket.setTimeout(options.timeoutMs ?? 5_000, () => socket.destroy(new Error(`no ${what} within the timeout`)));
  return socket;
}

/** A TLS handshake verified against the CA and the name; resolves with the protocol spoken, rejects when refused or unverifiable. */
export function tlsHandshake(options: HandshakeOptions): Promise<{ protocol: string; subjectAltName: string }> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new InterruptedError());
    const socket = connectVerifiedTls(options, 'TLS handshake');
    socket.once('secureConnect', () => {
      const result = { protocol: socket.getProtocol() ?? 'unknown', subjectAltName: socket.getPeerCertificate().subjectaltname ?? '' };
      socket.end();
      resolve(result);
    });
    socket.once('error', reject);
  });
}

/** True when the server completes a handshake limited to `version` (it should refuse anything below TLS 1.3). */
export async function acceptsTlsVersion(options: Omit<HandshakeOptions, 'minVersion' | 'maxVersion'>, version: SecureVersion): Promise<boolean> {
  try {
    await tlsHandshake({ ...options, minVersion: version, maxVersion: version });
    return true;
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return false;
  }
}
