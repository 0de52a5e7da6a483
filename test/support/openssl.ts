import { execa } from 'execa';

/** OpenSSL's own reading of a certificate: an independent check of what forge wrote. */
export async function opensslText(certFile: string): Promise<string> {
  const { stdout } = await execa('openssl', [
    'x509',
    '-in',
    certFile,
    '-noout',
    '-subject',
    '-ext',
    'subjectAltName,keyUsage,extendedKeyUsage,basicConstraints',
  ]);
  return stdout;
}

export async function opensslVerify(caFile: string, certFile: string): Promise<{ ok: boolean; output: string }> {
  const result = await execa('openssl', ['verify', '-CAfile', caFile, certFile], { reject: false });
  return { ok: result.exitCode === 0, output: `${result.stdout}${result.stderr}` };
}

export async function opensslSerial(certFile: string): Promise<string> {
  const { stdout } = await execa('openssl', ['x509', '-in', certFile, '-noout', '-serial']);
  return stdout.trim();
}
