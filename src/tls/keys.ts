import { generateKeyPair, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm } from '../config/key-algorithms.js';

/**
 * Key generation runs on libuv's thread pool, so several keys are made in parallel; the PKCS#8 PEM is what
 * OpenSSL, Go and Java (through our JKS and PKCS#12 encoders) all read, RSA and EC alike.
 */
export function generateKey(algorithm: KeyAlgorithm): Promise<string> {
  const encoding = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } } as const;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, _publicKey: string, privateKey: string) => (error ? reject(error) : resolve(privateKey));
    if (algorithm === 'ecdsa-p256') generateKeyPair('ec', { namedCurve: 'P-256', ...encoding }, done);
    else generateKeyPair('rsa', { modulusLength: rsaBits(algorithm), publicExponent: 0x10001, ...encoding }, done);
  });
}

const rsaBits = (algorithm: KeyAlgorithm): number => Number(algorithm.slice('rsa-'.length));

/** The algorithm name of a key as the config spells it, or a plain description of a key the config cannot ask for. */
export function keyAlgorithmOf(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `rsa-${details.modulusLength}`;
  if (key.asymmetricKeyType === 'ec') return details.namedCurve === 'prime256v1' ? 'ecdsa-p256' : `ec-${details.namedCurve}`;
  return key.asymmetricKeyType ?? 'unknown';
}
