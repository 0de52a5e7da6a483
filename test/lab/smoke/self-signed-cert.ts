import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

/**
 * A throw-away certificate for 127.0.0.1, made by openssl (a lab host package). The key is world-readable
 * on purpose: it only lives in the test's temp folder and the container reads it as its own user.
 */
export async function selfSignedCert(dir: string): Promise<{ certFile: string; keyFile: string; pem: string }> {
  const certFile = path.join(dir, 'server.crt');
  const keyFile = path.join(dir, 'server.key');
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=rocketctl-lab-smoke',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]).catch((error: Error) => {
    throw new Error(`prerequisite missing: openssl could not make a test certificate (${error.message}). Fix: apt-get install -y openssl`);
  });
  await chmod(keyFile, 0o644);
  return { certFile, keyFile, pem: await readFile(certFile, 'utf8') };
}
