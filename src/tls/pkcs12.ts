/**
 * PKCS#12 keystore (one private key + chain) for RSA and EC keys. node-forge only handles RSA keys, so the
 * shrouded key bag is Node's (OpenSSL's) encrypted PKCS#8 export: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC,
 * what Java 17 writes itself. Keystores only: Java reads a certificate-only PKCS#12 without its
 * trustedKeyUsage attribute as empty, so truststores are written as JKS.
 */
import { X509Certificate, createHash, createPrivateKey, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { UsageError } from '../shared/errors.js';
import { MAC_DIGEST_OIDS, PKCS12_OIDS, pkcs12Mac } from './pkcs12-mac.js';
import { der, integer, octets, oid, parseDer, sequence } from './x509-der.js';

export interface Pkcs12KeyStoreInput {
  alias: string;
  /** PKCS#8 PEM, RSA or EC. */
  privateKeyPem: string;
  /** Leaf first, root last. */
  chainPem: string[];
  password: string;
}

// OpenSSL's defaults; the password is a 256-bit random secret, so iterations add nothing against guessing.
const MAC_ITERATIONS = 2048;
const { asn1 } = forge;
const explicit = (node: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [node]);
const set = (children: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children);
const dataContent = (content: Buffer) => sequence([oid(PKCS12_OIDS.data), explicit(octets(content))]);

export function encodePkcs12KeyStore(input: Pkcs12KeyStoreInput): Buffer {
  // PBKDF2 reads the password as UTF-8 in Java and OpenSSL alike, the MAC as UTF-16: only ASCII means one thing to all.
  if (!/^[\x20-\x7e]*$/.test(input.password)) {
    throw new UsageError('PKCS#12 store password must be printable ASCII', 'regenerate the keystore password secret');
  }
  if (input.chainPem.length === 0) throw new UsageError('a PKCS#12 keystore needs a certificate chain (leaf first)');
  const chainDer = input.chainPem.map((pem) => Buffer.from(new X509Certificate(pem).raw));
  // Java pairs the key with its certificate by localKeyId and names the entry by friendlyName, lowercased
  // like every Java alias lookup (forge's DER writer encodes a BMPString from the JS string itself).
  const attributes = set([
    sequence([oid(PKCS12_OIDS.friendlyName), set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, input.alias.toLowerCase())])]),
    sequence([oid(PKCS12_OIDS.localKeyId), set([octets(createHash('sha1').update(chainDer[0]!).digest())])]),
  ]);
  const shroudedKey = createPrivateKey(input.privateKeyPem).export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: input.password });
  const keyBag = sequence([oid(PKCS12_OIDS.pkcs8ShroudedKeyBag), explicit(parseDer(shroudedKey)), attributes]);
  const certBags = chainDer.map((certDer, index) =>
    sequence([
      oid(PKCS12_OIDS.certBag),
      explicit(sequence([oid(PKCS12_OIDS.x509Certificate), explicit(octets(certDer))])),
      ...(index === 0 ? [attributes] : []),
    ]),
  );
  const authenticatedSafe = der(sequence([dataContent(der(sequence(certBags))), dataContent(der(sequence([keyBag])))]));
  const salt = randomBytes(32);
  const mac = pkcs12Mac('sha256', input.password, salt, MAC_ITERATIONS, authenticatedSafe);
  const macData = sequence([
    sequence([sequence([oid(MAC_DIGEST_OIDS.sha256), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(mac)]),
    octets(salt),
    integer(MAC_ITERATIONS),
  ]);
  return der(sequence([integer(3), dataContent(authenticatedSafe), macData]));
}
