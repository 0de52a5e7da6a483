/**
 * Key types `certs gen` makes. ECDSA P-256 is the default: a key costs ~0.1 ms to make instead of ~100 ms
 * (RSA-2048), it is stronger (128-bit security against 112), and every consumer of the stack handshakes with
 * it (JSSE in Kafka and Cassandra, OpenSSL in Postgres, Node, Go in Cockroach). RSA stays for clients that
 * cannot verify ECDSA.
 */
export const KEY_ALGORITHMS = ['ecdsa-p256', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;

export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = 'ecdsa-p256';

/** `tls.keyBits` (before tls.keyAlgorithm existed) always meant RSA of that size. */
export const rsaAlgorithmFor = (keyBits: number): KeyAlgorithm => `rsa-${keyBits}` as KeyAlgorithm;
