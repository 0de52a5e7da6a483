/**
 * PKCS#12 keystore (one private key + chain) via node-forge. Keystores only: Java reads a forge-made
 * certificate-only PKCS#12 as empty (no trustedKeyUsage attribute), so truststores are written as JKS.
 */
import forge from 'node-forge';
import { UsageError } from '../shared/errors.js';

export interface Pkcs12KeyStoreInput {
  alias: string;
  /** RSA only: node-forge cannot read other key types. */
  privateKeyPem: string;
  /** Leaf first, root last. */
  chainPem: string[];
  password: string;
}

export function encodePkcs12KeyStore(input: Pkcs12KeyStoreInput): Buffer {
  // forge feeds the PBES2 password to PBKDF2 as a byte string while Java encodes it as UTF-8,
  // so only ASCII passwords mean the same thing to both.
  if (!/^[\x20-\x7e]*$/.test(input.password)) {
    throw new UsageError('PKCS#12 store password must be printable ASCII', 'regenerate the keystore password secret');
  }
  if (input.chainPem.length === 0) throw new UsageError('a PKCS#12 keystore needs a certificate chain (leaf first)');
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(input.privateKeyPem),
    input.chainPem.map((pem) => forge.pki.certificateFromPem(pem)),
    input.password,
    // Lowercase alias: Java's PKCS12 keystore lowercases aliases on lookup, like JKS.
    { algorithm: 'aes256', friendlyName: input.alias.toLowerCase(), generateLocalKeyId: true },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
