import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Secrets } from '../secrets/secrets.js';
import { throwIfAborted } from '../shared/errors.js';
import { inspectCert, type CertReport, type InspectContext } from './inspect-cert.js';
import { issueCertificate } from './issue.js';
import { buildStore, storeProblem } from './java-stores.js';
import { generateKey } from './keys.js';
import type { KeyAlgorithm } from '../config/key-algorithms.js';
import type { CertItem, MaterialPlan } from './material-plan.js';
import { CERT_MODE, KEY_MODE, writeIfChanged, writeKeyPair } from './material-files.js';
import { writeFileAtomic } from '../shared/atomic-write.js';

export interface ReconcileOptions {
  plan: MaterialPlan;
  secrets: Secrets;
  keyAlgorithm: KeyAlgorithm;
  caValidityDays: number;
  leafValidityDays: number;
  renewWithinDays: number;
  /** Re-issue everything, CA included. */
  force: boolean;
  now?: Date;
  signal?: AbortSignal;
}

export interface ReconcileChange {
  id: string;
  file: string;
  /** Why it was (re)written: the status it had, or `forced`, `new CA`, `new leaf`. */
  why: string;
}

export interface ReconcileResult {
  changed: ReconcileChange[];
  unchanged: string[];
}

/**
 * Brings the TLS material on disk in line with the plan, touching only what is missing, broken,
 * expiring or stale: a valid tree is left byte for byte as it was.
 */
export async function reconcileMaterial(options: ReconcileOptions): Promise<ReconcileResult> {
  const { plan, signal } = options;
  const now = options.now ?? new Date();
  const context = { now, renewWithinDays: options.renewWithinDays, keyAlgorithm: options.keyAlgorithm };
  const result: ReconcileResult = { changed: [], unchanged: [] };

  const caReport = await inspectCert(plan.ca, { ...context, ca: null });
  const newCa = options.force || caReport.status !== 'ok';
  const caX509 = newCa ? null : caReport.x509!;
  const leafReasons = new Map<string, string>();
  for (const leaf of plan.leaves) {
    const why = options.force ? 'forced' : newCa ? 'new CA' : await leafProblem(leaf, { ...context, ca: caX509 });
    if (why) leafReasons.set(leaf.id, why);
  }
  throwIfAborted(signal);

  // Every key that is needed, generated at once: they run in parallel on the thread pool.
  const toIssue = [...(newCa ? [plan.ca] : []), ...plan.leaves.filter((leaf) => leafReasons.has(leaf.id))];
  const keys = new Map(await Promise.all(toIssue.map(async (item) => [item.id, await generateKey(options.keyAlgorithm)] as const)));
  throwIfAborted(signal);

  let caCertPem: string;
  let caKeyPem: string;
  if (newCa) {
    caKeyPem = keys.get('ca')!;
    caCertPem = issue(plan.ca, caKeyPem, options.caValidityDays, undefined, now);
    await writeKeyPair(plan.ca.keyFile, caKeyPem, plan.ca.certFile, caCertPem);
    result.changed.push({ id: 'ca', file: plan.ca.certFile, why: options.force ? 'forced' : describe(caReport) });
  } else {
    [caCertPem, caKeyPem] = await Promise.all([readFile(plan.ca.certFile, 'utf8'), readFile(plan.ca.keyFile, 'utf8')]);
    result.unchanged.push('ca');
  }

  const leafPems = new Map<string, { certPem: string; keyPem: string }>();
  for (const leaf of plan.leaves) {
    throwIfAborted(signal);
    const keyPem = keys.get(leaf.id);
    if (keyPem) {
      const certPem = issue(leaf, keyPem, options.leafValidityDays, { certPem: caCertPem, keyPem: caKeyPem }, now);
      await writeKeyPair(leaf.keyFile, keyPem, leaf.certFile, certPem);
      leafPems.set(leaf.id, { certPem, keyPem });
      result.changed.push({ id: leaf.id, file: leaf.certFile, why: leafReasons.get(leaf.id)! });
    } else {
      leafPems.set(leaf.id, { certPem: await readFile(leaf.certFile, 'utf8'), keyPem: await readFile(leaf.keyFile, 'utf8') });
      result.unchanged.push(leaf.id);
    }
  }

  for (const copy of plan.caCopies) {
    if (await writeIfChanged(copy, caCertPem, CERT_MODE))
      result.changed.push({ id: `${path.basename(path.dirname(copy))}/${path.basename(copy)}`, file: copy, why: 'copy of the current CA' });
  }

  for (const store of plan.stores) {
    throwIfAborted(signal);
    const leaf = leafPems.get(store.leafId)!;
    const contents = { alias: store.alias, leafCertPem: leaf.certPem, leafKeyPem: leaf.keyPem, caCertPem };
    const password = options.secrets.get(store.passwordSecret);
    // A truststore holds only the CA: a re-issued leaf leaves it alone.
    const leafChanged = store.kind !== 'jks-truststore' && leafReasons.has(store.leafId);
    const why = newCa ? 'new CA' : leafChanged ? 'new leaf' : (await storeProblem(store, contents, password))?.reason;
    if (!why) {
      result.unchanged.push(store.id);
      continue;
    }
    await writeFileAtomic(store.file, buildStore(store.kind, contents, password, now), { mode: KEY_MODE });
    result.changed.push({ id: store.id, file: store.file, why });
  }
  return result;
}

async function leafProblem(leaf: CertItem, context: InspectContext): Promise<string | undefined> {
  const report = await inspectCert(leaf, context);
  return report.status === 'ok' ? undefined : describe(report);
}

// `missing` needs no label: its reason already says what is missing.
const describe = (report: CertReport): string =>
  report.status === 'missing' ? (report.reason ?? 'missing') : `${report.status}${report.reason ? `: ${report.reason}` : ''}`;

function issue(item: CertItem, keyPem: string, validityDays: number, issuer: { certPem: string; keyPem: string } | undefined, now: Date): string {
  return issueCertificate({
    commonName: item.commonName,
    organization: item.organization,
    sans: item.sans,
    extendedKeyUsage: item.extendedKeyUsage,
    isCa: item.isCa,
    validityDays,
    keyPem,
    ...(issuer ? { issuer } : {}),
    now,
  });
}
