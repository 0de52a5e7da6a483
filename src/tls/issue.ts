import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import { parseHostAddress } from '../shared/host-address.js';
import { bitString, der, distinguishedName, integer, octets, sequence, signatureAlgorithm, subjectNameOf, subjectPublicKey, time } from './x509-der.js';
import type { ExtendedKeyUsage } from '../services/descriptor.js';

export interface CertificateRequest {
  commonName: string;
  organization: string;
  /** DNS names and IP addresses, as the config check accepted them (src/shared/host-address.ts). */
  sans: readonly string[];
  extendedKeyUsage: readonly ExtendedKeyUsage[];
  isCa: boolean;
  validityDays: number;
  /** PKCS#8 PEM of the key being certified: RSA or EC. */
  keyPem: string;
  /** Omitted for the self-signed CA. */
  issuer?: { certPem: string; keyPem: string };
  now?: Date;
}

// Clock skew between this host and the containers must not make a fresh certificate "not yet valid".
const BACKDATE_MS = 5 * 60 * 1000;
const { asn1 } = forge;

/**
 * Issues an X.509 v3 certificate signed with SHA-256 by OpenSSL (Node's crypto.sign); returns its PEM.
 * A leaf never outlives its CA: its notAfter is capped at the CA's.
 */
export function issueCertificate(request: CertificateRequest): string {
  const now = request.now ?? new Date();
  const publicKey = createPublicKey(request.keyPem);
  const subject = subjectPublicKey(publicKey);
  const subjectName = distinguishedName(request.organization, request.commonName);
  const ca = request.issuer ? new X509Certificate(request.issuer.certPem) : undefined;
  const authorityKeyId = ca ? subjectPublicKey(ca.publicKey).keyIdentifier : subject.keyIdentifier;
  const wantedNotAfter = new Date(now.getTime() + request.validityDays * 86_400_000);
  const notAfter = ca && new Date(ca.validTo) < wantedNotAfter ? new Date(ca.validTo) : wantedNotAfter;
  const signingKey = createPrivateKey(request.issuer?.keyPem ?? request.keyPem);
  const algorithm = signatureAlgorithm(signingKey);
  const tbs = sequence([
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [integer(2)]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, randomSerial().toString('binary')),
    algorithm,
    ca ? subjectNameOf(Buffer.from(ca.raw)) : subjectName,
    sequence([time(new Date(now.getTime() - BACKDATE_MS)), time(notAfter)]),
    subjectName,
    subject.info,
    extensionsFor(request, publicKey.asymmetricKeyType === 'rsa', subject.keyIdentifier, authorityKeyId),
  ]);
  const signature = sign('sha256', der(tbs), signingKey);
  return new X509Certificate(der(sequence([tbs, algorithm, bitString(signature)]))).toString();
}

function extensionsFor(request: CertificateRequest, isRsa: boolean, subjectKeyId: Buffer, authorityKeyId: Buffer): forge.asn1.Asn1 {
  const common = [
    { name: 'subjectKeyIdentifier', value: octets(subjectKeyId) },
    { name: 'authorityKeyIdentifier', value: sequence([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, authorityKeyId.toString('binary'))]) },
  ];
  const extensions: object[] = request.isCa
    ? [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ...common,
      ]
    : [
        { name: 'basicConstraints', cA: false, critical: true },
        // RSA TLS needs both: signatures for (EC)DHE, key encipherment for RSA key transport. An EC key only
        // signs (RFC 8813 §3: keyEncipherment is not allowed for id-ecPublicKey).
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: isRsa, critical: true },
        { name: 'extKeyUsage', ...Object.fromEntries(request.extendedKeyUsage.map((usage) => [usage, true])) },
        ...common,
      ];
  if (!request.isCa && request.sans.length > 0) {
    extensions.push({ name: 'subjectAltName', altNames: request.sans.map(toAltName) });
  }
  // forge fills in each extension's DER from these fields (its extension code does not depend on the key
  // type) and wraps them in the TBS certificate's [3] field.
  const holder = forge.pki.createCertificate();
  holder.setExtensions(extensions);
  return (forge.pki as unknown as { certificateExtensionsToAsn1(e: unknown[]): forge.asn1.Asn1 }).certificateExtensionsToAsn1(holder.extensions);
}

/** IP SANs carry the address bytes read by the same parser that validated the config, never forge's. */
function toAltName(san: string): { type: number; value: string } {
  const address = parseHostAddress(san);
  if ('problem' in address) throw new Error(`SAN ${JSON.stringify(san)} cannot be encoded: ${address.problem}`);
  return address.kind === 'ip' ? { type: 7, value: address.bytes.toString('binary') } : { type: 2, value: address.name };
}

/** 16 random bytes, the first in 1..0x7f so the DER integer is positive and minimal (RFC 5280 §4.1.2.2). */
function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes;
}
