/**
 * The DER pieces of a certificate that node-forge can only build for RSA keys (it parses every public key as
 * RSA): the SubjectPublicKeyInfo and key identifier of any key, names, times and the signature algorithm.
 * DER is built with forge's asn1 module; keys and signatures stay with Node's crypto.
 */
import { createHash, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
export const sequence = (children: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, children);
export const oid = (dotted: string): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
export const octets = (bytes: Buffer): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
export const integer = (value: number): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const nullValue = (): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');

/** Parses DER, leaving BIT STRINGs as bytes (forge otherwise guesses at their content). */
export function parseDer(bytes: Buffer): Asn1 {
  const fromDer = asn1.fromDer as unknown as (input: string, options: { decodeBitStrings: boolean }) => Asn1;
  return fromDer(bytes.toString('binary'), { decodeBitStrings: false });
}

export interface SubjectPublicKey {
  info: Asn1;
  /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
  keyIdentifier: Buffer;
}

export function subjectPublicKey(key: KeyObject): SubjectPublicKey {
  const info = parseDer(key.export({ type: 'spki', format: 'der' }));
  const bitString = (info.value as Asn1[])[1]!.value as string;
  // The first byte of a BIT STRING counts its unused bits (0 for a key); the key itself follows.
  const keyIdentifier = createHash('sha1')
    .update(Buffer.from(bitString.slice(1), 'binary'))
    .digest();
  return { info, keyIdentifier };
}

/** The subject Name of a certificate, byte for byte: a leaf's issuer must equal its CA's subject. */
export function subjectNameOf(certDer: Buffer): Asn1 {
  const tbs = (parseDer(certDer).value as Asn1[])[0]!;
  const fields = tbs.value as Asn1[];
  // [0] version is explicit and present in v3 certificates: serial, signature, issuer, validity, subject.
  return fields[5]!;
}

/** O and CN as UTF8String (RFC 5280 §4.1.2.4). */
export function distinguishedName(organization: string, commonName: string): Asn1 {
  const attribute = (type: string, value: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
      sequence([oid(type), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(value))]),
    ]);
  return sequence([attribute(forge.pki.oids.organizationName!, organization), attribute(forge.pki.oids.commonName!, commonName)]);
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

/** SHA-256 with the signer's key type: RSA PKCS#1 v1.5 (NULL parameters) or ECDSA (no parameters, RFC 5758). */
export function signatureAlgorithm(signingKey: KeyObject): Asn1 {
  if (signingKey.asymmetricKeyType === 'rsa') return sequence([oid(forge.pki.oids.sha256WithRSAEncryption!), nullValue()]);
  if (signingKey.asymmetricKeyType === 'ec') return sequence([oid('1.2.840.10045.4.3.2')]);
  throw new Error(`cannot sign with a ${signingKey.asymmetricKeyType} key`);
}

export function bitString(bytes: Buffer): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\0${bytes.toString('binary')}`);
}
