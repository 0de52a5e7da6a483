/**
 * Reads back a PKCS#12 keystore as `certs gen` writes it (and as node-forge wrote it before): checks the
 * integrity MAC with the password, returns the certificates and the decrypted private key. Anything else
 * (encrypted certificate bags, no MAC) is reported as unreadable, so the store is rewritten.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { MAC_DIGEST_OIDS, PKCS12_OIDS, macMatches, pkcs12Mac, type MacDigest } from './pkcs12-mac.js';
import { der, parseDer } from './x509-der.js';

type Asn1 = forge.asn1.Asn1;

export interface Pkcs12Contents {
  certDers: Buffer[];
  privateKeys: KeyObject[];
}

export function decodePkcs12KeyStore(bytes: Buffer, password: string): Pkcs12Contents {
  const [version, authSafe, macData] = children(parseDer(bytes));
  if (!version || !authSafe || !macData) throw new Error('not a PKCS#12 file with an integrity MAC');
  const authenticatedSafe = dataOf(authSafe);
  const [digestInfo, salt, iterations] = children(macData);
  const [algorithm, expected] = children(digestInfo);
  const digest = (Object.keys(MAC_DIGEST_OIDS) as MacDigest[]).find((name) => MAC_DIGEST_OIDS[name] === oidOf(children(algorithm)[0]));
  if (!digest) throw new Error('PKCS#12 MAC uses an unsupported digest');
  const rounds = iterations ? forge.asn1.derToInteger(iterations.value as string) : 1;
  if (!macMatches(bytesOf(expected), pkcs12Mac(digest, password, bytesOf(salt), rounds, authenticatedSafe))) {
    throw new Error('PKCS#12 integrity check failed: wrong password or corrupted file');
  }
  const contents: Pkcs12Contents = { certDers: [], privateKeys: [] };
  for (const info of children(parseDer(authenticatedSafe))) {
    for (const bag of children(parseDer(dataOf(info)))) {
      const [type, value] = children(bag);
      const inner = children(value)[0];
      if (oidOf(type) === PKCS12_OIDS.certBag) contents.certDers.push(bytesOf(children(children(inner)[1])[0]));
      if (oidOf(type) === PKCS12_OIDS.pkcs8ShroudedKeyBag) {
        contents.privateKeys.push(createPrivateKey({ key: der(inner!), format: 'der', type: 'pkcs8', passphrase: password }));
      }
    }
  }
  return contents;
}

/** The content of a ContentInfo of type data: an [0] EXPLICIT OCTET STRING. */
function dataOf(contentInfo: Asn1 | undefined): Buffer {
  const [type, content] = children(contentInfo);
  if (oidOf(type) !== PKCS12_OIDS.data) throw new Error('PKCS#12 content is encrypted or not data (not written by rocketctl)');
  return bytesOf(children(content)[0]);
}

function children(node: Asn1 | undefined): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error('PKCS#12 structure is not as expected: corrupted file');
  return node.value as Asn1[];
}

const oidOf = (node: Asn1 | undefined): string | undefined => (node && typeof node.value === 'string' ? forge.asn1.derToOid(node.value) : undefined);

function bytesOf(node: Asn1 | undefined): Buffer {
  if (!node || typeof node.value !== 'string') throw new Error('PKCS#12 structure is not as expected: corrupted file');
  return Buffer.from(node.value, 'binary');
}
