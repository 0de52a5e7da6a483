import { createPublicKey, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertificateRequest {
  commonName: string;
  organization: string;
  /** DNS names and IP addresses; IPs become IP SANs, everything else a DNS SAN. */
  sans: readonly string[];
  extendedKeyUsage: readonly ExtendedKeyUsage[];
  isCa: boolean;
  validityDays: number;
  /** PKCS#8 PEM of the key being certified. */
  keyPem: string;
  /** Omitted for the self-signed CA. */
  issuer?: { certPem: string; keyPem: string };
  now?: Date;
}

// Clock skew between this host and the containers must not make a fresh certificate "not yet valid".
const BACKDATE_MS = 5 * 60 * 1000;

/** Issues an X.509 v3 certificate signed with SHA-256; returns its PEM. */
export function issueCertificate(request: CertificateRequest): string {
  const now = request.now ?? new Date();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(request.keyPem).export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + request.validityDays * 86_400_000);
  const subject = [
    { name: 'organizationName', value: request.organization },
    { name: 'commonName', value: request.commonName },
  ];
  cert.setSubject(subject);
  const issuerCert = request.issuer ? forge.pki.certificateFromPem(request.issuer.certPem) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  cert.setExtensions(extensionsFor(request, cert, issuerCert));
  signNatively(cert, request.issuer?.keyPem ?? request.keyPem);
  return forge.pki.certificateToPem(cert);
}

/**
 * What forge's cert.sign() does, with the RSA signature made by OpenSSL instead of forge's JavaScript
 * big-integer code: ~20 ms less per certificate, most of `certs gen` once keys are made.
 */
function signNatively(cert: forge.pki.Certificate, signingKeyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption!;
  const writable = cert as forge.pki.Certificate & { signatureOid: string; siginfo: { algorithmOid: string }; tbsCertificate: forge.asn1.Asn1 };
  writable.signatureOid = oid;
  writable.siginfo.algorithmOid = oid;
  writable.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const tbsDer = Buffer.from(forge.asn1.toDer(writable.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbsDer, signingKeyPem).toString('binary');
}

function extensionsFor(request: CertificateRequest, cert: forge.pki.Certificate, issuerCert: forge.pki.Certificate | undefined): object[] {
  const authorityKey = (issuerCert ?? cert).generateSubjectKeyIdentifier().getBytes();
  const common = [
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKey },
  ];
  if (request.isCa) {
    return [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ...common,
    ];
  }
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    // RSA TLS needs both: signatures for (EC)DHE, key encipherment for RSA key transport.
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', ...Object.fromEntries(request.extendedKeyUsage.map((usage) => [usage, true])) },
    ...common,
  ];
  if (request.sans.length > 0) {
    extensions.push({ name: 'subjectAltName', altNames: request.sans.map(toAltName) });
  }
  return extensions;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
function toAltName(san: string): { type: number; value?: string; ip?: string } {
  return IPV4.test(san) || san.includes(':') ? { type: 7, ip: san } : { type: 2, value: san };
}

/** 128 random bits, top bit cleared so the DER integer stays positive (RFC 5280 §4.1.2.2). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}
