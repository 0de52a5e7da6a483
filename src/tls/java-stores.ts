import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { decodeJks, encodeJksKeyStore, encodeJksTrustStore } from './jks.js';
import { encodePkcs12KeyStore } from './pkcs12.js';
import { decodePkcs12KeyStore } from './pkcs12-read.js';
import type { MaterialStatus } from './inspect-cert.js';
import type { StoreItem } from './material-plan.js';

/** The PEM material a store must hold. */
export interface StoreContents {
  alias: string;
  leafCertPem: string;
  leafKeyPem: string;
  caCertPem: string;
}

export const CA_ALIAS = 'ca';

export function buildStore(kind: StoreItem['kind'], contents: StoreContents, password: string, now: Date): Buffer {
  const leafDer = pemToDer(contents.leafCertPem);
  const caDer = pemToDer(contents.caCertPem);
  switch (kind) {
    case 'jks-keystore':
      return encodeJksKeyStore({
        alias: contents.alias,
        privateKeyPkcs8Der: createPrivateKey(contents.leafKeyPem).export({ type: 'pkcs8', format: 'der' }),
        chainDer: [leafDer, caDer],
        storePassword: password,
        createdAt: now,
      });
    case 'jks-truststore':
      return encodeJksTrustStore({ entries: [{ alias: CA_ALIAS, certDer: caDer }], storePassword: password, createdAt: now });
    case 'pkcs12-keystore':
      return encodePkcs12KeyStore({
        alias: contents.alias,
        privateKeyPem: contents.leafKeyPem,
        chainPem: [contents.leafCertPem, contents.caCertPem],
        password,
      });
  }
}

/** Why an existing store no longer fits (wrong password, other certificate or key, loose mode), or undefined when it does. */
export async function storeProblem(
  store: StoreItem,
  contents: StoreContents,
  password: string,
): Promise<{ status: MaterialStatus; reason: string } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(store.file);
  } catch {
    return { status: 'missing', reason: 'store file is missing' };
  }
  const wanted = store.kind === 'jks-truststore' ? [pemToDer(contents.caCertPem)] : [pemToDer(contents.leafCertPem), pemToDer(contents.caCertPem)];
  let held: { certDers: Buffer[]; privateKeys: KeyObject[] };
  try {
    held = store.kind === 'pkcs12-keystore' ? decodePkcs12KeyStore(bytes, password) : jksContents(bytes, password, store.kind);
  } catch (error) {
    return { status: 'broken', reason: `cannot be opened with its password (${store.passwordSecret}): ${(error as Error).message}` };
  }
  if (held.certDers.length !== wanted.length || held.certDers.some((der, i) => !der.equals(wanted[i]!))) {
    return { status: 'broken', reason: 'holds other certificates than the current ones' };
  }
  // The right chain with another key loads fine and fails only at the first handshake.
  const leaf = new X509Certificate(contents.leafCertPem);
  const keysWanted = store.kind === 'jks-truststore' ? 0 : 1;
  if (held.privateKeys.length !== keysWanted || held.privateKeys.some((key) => !leaf.checkPrivateKey(key))) {
    return { status: 'broken', reason: 'holds another private key than the current one' };
  }
  const { mode } = await stat(store.file);
  if ((mode & 0o077) !== 0) return { status: 'bad-key-mode', reason: `store mode is ${(mode & 0o777).toString(8)}, must be 600` };
  return undefined;
}

function jksContents(bytes: Buffer, password: string, kind: StoreItem['kind']): { certDers: Buffer[]; privateKeys: KeyObject[] } {
  const { entries } = decodeJks(bytes, password);
  const wantedKind = kind === 'jks-truststore' ? 'trusted' : 'key';
  if (entries.length !== 1 || entries[0]!.kind !== wantedKind) throw new Error(`expected one ${wantedKind} entry, found ${entries.length}`);
  const { certDers, privateKeyPkcs8Der } = entries[0]!;
  return { certDers, privateKeys: privateKeyPkcs8Der ? [createPrivateKey({ key: privateKeyPkcs8Der, format: 'der', type: 'pkcs8' })] : [] };
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(new X509Certificate(pem).raw);
}
