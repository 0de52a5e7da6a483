import { generateKeyPair } from 'node:crypto';

/**
 * RSA key generation runs on libuv's thread pool (node-forge's own generator is single-threaded
 * JavaScript), so several keys are made in parallel; the PKCS#8 PEM is what forge and Java both read.
 */
export function generateRsaKey(bits: number): Promise<string> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: bits, publicExponent: 0x10001, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey)),
    );
  });
}
