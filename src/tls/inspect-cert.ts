import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
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
  notAfter?: string;
  daysLeft?: number;
}

export interface InspectContext {
  /** The CA every leaf must be signed by; null when the CA itself is unusable. */
  ca: X509Certificate | null;
  now: Date;
  renewWithinDays: number;
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
    notAfter: notAfter.toISOString(),
    daysLeft,
  };
  const problem = await structuralProblem(item, x509, keyPem, context);
  if (problem) return { ...details, status: problem.status, reason: problem.reason };
  if (notAfter <= context.now) return { ...details, status: 'expired', reason: `expired on ${details.notAfter}` };
  if (daysLeft < context.renewWithinDays) return { ...details, status: 'expiring', reason: `${daysLeft} days left (renewal threshold ${context.renewWithinDays})` };
  return { ...details, status: 'ok' };
}

async function structuralProblem(item: CertItem, x509: X509Certificate, keyPem: string | null, context: InspectContext): Promise<{ status: MaterialStatus; reason: string } | undefined> {
  if (keyPem === null) return { status: 'missing', reason: `private key ${item.keyFile} is missing` };
  try {
    if (!x509.checkPrivateKey(createPrivateKey(keyPem))) return { status: 'broken', reason: 'private key does not match the certificate' };
  } catch {
    return { status: 'broken', reason: 'private key file is not a valid PEM key' };
  }
  if (item.isCa ? !x509.ca : !context.ca || !x509.checkIssued(context.ca) || !x509.verify(context.ca.publicKey)) {
    return { status: 'broken', reason: item.isCa ? 'not a CA certificate' : 'not signed by the current CA' };
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

/**
 * One spelling per name: X.509 tools print IPv6 expanded (`0:0:0:0:0:0:0:1`) where a config says `::1`,
 * and DNS names are case-insensitive. Without this an IPv6 SAN would be re-issued on every run.
 */
export function canonicalSan(san: string): string {
  if (isIP(san) === 6) return new URL(`http://[${san}]`).hostname.slice(1, -1);
  return san.toLowerCase();
}

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
