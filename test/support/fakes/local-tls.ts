import { generateKey } from '../../../src/tls/keys.js';
import { issueCertificate } from '../../../src/tls/issue.js';

export interface LocalPki {
  caPem: string;
  leaf: { certPem: string; keyPem: string };
}

/** A throwaway CA and a server leaf for `localhost`/127.0.0.1, made with rocketctl's own issuer (pure, in memory). */
export async function createLocalPki(commonName = 'localhost'): Promise<LocalPki> {
  const caKey = await generateKey('ecdsa-p256');
  const caPem = issueCertificate({
    commonName: `${commonName} test CA`,
    organization: 'test',
    sans: [],
    extendedKeyUsage: [],
    isCa: true,
    validityDays: 1,
    keyPem: caKey,
  });
  const keyPem = await generateKey('ecdsa-p256');
  const certPem = issueCertificate({
    commonName,
    organization: 'test',
    sans: [commonName, '127.0.0.1'],
    extendedKeyUsage: ['serverAuth'],
    isCa: false,
    validityDays: 1,
    keyPem,
    issuer: { certPem: caPem, keyPem: caKey },
  });
  return { caPem, leaf: { certPem, keyPem } };
}
