import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { KeyAlgorithm } from '../config/key-algorithms.js';
import { canonicalHostAddress } from '../shared/host-address.js';
import { keyAlgorithmOf } from './keys.js';
import type { CertItem } from './material-plan.js';

export type MaterialStatus = 'ok' | 'expiring' | 'expired' | 'broken' | 'missing' | 'bad-key-mode';

export interface CertReport {
  id: string;
  file: string;
  status: MaterialStatus;
  /** Why the status is not ok, in words an operator can act on. */
  reason?: string;
  subject?: string;
  sans?: string[];
  issuer?: string;
  serial?: string;
  /** As the config spells it (`ecdsa-p256`, `rsa-2048`), read from the certificate's public key. */
  keyAlgorithm?: string;
  notAfter?: string;
  daysLeft?: number;
}

export interface InspectContext {
  /** The CA every leaf must be signed by; null when the CA itself is unusable. */
  ca: X509Certificate | null;
  now: Date;
  renewWithinDays: number;
  /** tls.keyAlgorithm: a key of another type is stale, like a SAN the config no longer lists. */
  keyAlgorithm: KeyAlgorithm;
}

const DAY_MS = 86_400_000;
/** Any bit for group or others: keys must be 0600 (Cockroach also accepts 0700). */
const LOOSE_KEY_BITS = 0o077;

/**
 * Judges one cert/key pair with Node's own X.509 parser, independent of the forge code that wrote it.
 * Checks run from "cannot be used at all" to "will soon be unusable".
 */
export async function inspectCert(item: CertItem, context: InspectContext): Promise<CertReport & { x509?: X509Certificate }> {
  const base = { id: item.id, file: item.certFile };
  const [certPem, keyPem] = await Promise.all([readIfPresent(item.certFile), readIfPresent(item.keyFile)]);
  if (certPem === null) return { ...base, status: 'missing', reason: 'certificate file is missing' };
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certPem);
  } catch {
    return { ...base, status: 'broken', reason: 'certificate file is not a valid PEM certificate' };
  }
  const notAfter = new Date(x509.validTo);
  const daysLeft = Math.floor((notAfter.getTime() - context.now.getTime()) / DAY_MS);
  const details = {
    ...base,
    x509,
    subject: x509.subject.replaceAll('\n', ', '),
    sans: parseSans(x509.subjectAltName),
    issuer: x509.issuer.replaceAll('\n', ', '),
    serial: x509.serialNumber,
    keyAlgorithm: keyAlgorithmOf(x509.publicKey),
    notAfter: notAfter.toISOString(),
    daysLeft,
  };
  const problem = await structuralProblem(item, x509, keyPem, context);
  if (problem) return { ...details, status: problem.status, reason: problem.reason };
  if (notAfter <= context.now) return { ...details, status: 'expired', reason: `expired on ${details.notAfter}` };
  if (daysLeft < context.renewWithinDays)
    return { ...details, status: 'expiring', reason: `${daysLeft} days left (renewal threshold ${context.renewWithinDays})` };
  return { ...details, status: 'ok' };
}

async function structuralProblem(
  item: CertItem,
  x509: X509Certificate,
  keyPem: string | null,
  context: InspectContext,
): Promise<{ status: MaterialStatus; reason: string } | undefined> {
  if (keyPem === null) return { status: 'missing', reason: `private key ${item.keyFile} is missing` };
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
    if (!x509.checkPrivateKey(key)) return { status: 'broken', reason: 'private key does not match the certificate' };
  } catch {
    return { status: 'broken', reason: 'private key file is not a valid PEM key' };
  }
  if (keyAlgorithmOf(key) !== context.keyAlgorithm) {
    return { status: 'broken', reason: `key is ${keyAlgorithmOf(key)}, the config asks for ${context.keyAlgorithm} (tls.keyAlgorithm)` };
  }
  if (item.isCa ? !x509.ca : !context.ca || !x509.checkIssued(context.ca) || !x509.verify(context.ca.publicKey)) {
    return { status: 'broken', reason: item.isCa ? 'not a CA certificate' : 'not signed by the current CA' };
  }
  // Clients reject a chain once the CA expires, so a leaf's later notAfter is a promise nobody keeps.
  if (context.ca && new Date(x509.validTo) > new Date(context.ca.validTo)) {
    return {
      status: 'broken',
      reason: `outlives its CA (leaf until ${new Date(x509.validTo).toISOString()}, CA until ${new Date(context.ca.validTo).toISOString()})`,
    };
  }
  const sanDiff = diffSans(item.sans, parseSans(x509.subjectAltName));
  if (sanDiff) return { status: 'broken', reason: `SANs differ from the config: ${sanDiff}` };
  const { mode } = await stat(item.keyFile);
  if ((mode & LOOSE_KEY_BITS) !== 0) {
    return { status: 'bad-key-mode', reason: `private key mode is ${(mode & 0o777).toString(8)}, must be 600 (the key may have been read by others)` };
  }
  return undefined;
}

/** `DNS:a, IP Address:127.0.0.1` → `['a', '127.0.0.1']`. */
export function parseSans(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName.split(', ').map((entry) => entry.replace(/^(DNS|IP Address):/, ''));
}

/** One spelling per name (the issuer's own reading of a SAN): without it an IPv6 SAN is re-issued on every run. */
export const canonicalSan = canonicalHostAddress;

function diffSans(wanted: readonly string[], actual: string[]): string | undefined {
  const have = new Set(actual.map(canonicalSan));
  const want = new Set(wanted.map(canonicalSan));
  const missing = wanted.filter((san) => !have.has(canonicalSan(san)));
  const extra = actual.filter((san) => !want.has(canonicalSan(san)));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
}

export async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
