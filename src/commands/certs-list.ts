import { X509Certificate } from 'node:crypto';
import { readSecrets } from '../secrets/secrets.js';
import { inspectCert, readIfPresent, type CertReport, type MaterialStatus } from '../tls/inspect-cert.js';
import { storeProblem } from '../tls/java-stores.js';
import { planMaterial } from '../tls/material-plan.js';
import type { CommandContext } from './context.js';

export interface StoreReport {
  id: string;
  file: string;
  status: MaterialStatus;
  reason?: string;
}

export interface CertsListResult {
  ok: boolean;
  certificates: CertReport[];
  stores: StoreReport[];
}

/** `rocketctl certs list`: every certificate and Java store with its status; ok only when all are. */
export async function certsList(context: CommandContext, options: { now?: Date } = {}): Promise<CertsListResult> {
  const { config } = context;
  const plan = planMaterial(config);
  const now = options.now ?? new Date();
  const base = { now, renewWithinDays: config.tls.renewWithinDays, keyAlgorithm: config.tls.keyAlgorithm };
  const ca = await inspectCert(plan.ca, { ...base, ca: null });
  const caX509 = ca.x509 && ca.status !== 'broken' && ca.status !== 'missing' ? ca.x509 : null;
  const leaves = await Promise.all(plan.leaves.map((leaf) => inspectCert(leaf, { ...base, ca: caX509 })));
  const certificates = [ca, ...leaves].map(({ x509: _x509, ...report }) => report);

  // Read-only: without the secrets file a store cannot be opened, and nothing is generated here.
  const secrets = await readSecrets(config.stateDir, { env: context.env });
  const stores: StoreReport[] = [];
  for (const store of plan.stores) {
    if (!secrets) {
      const present = (await readIfPresent(store.file).catch(() => null)) !== null;
      stores.push({
        id: store.id,
        file: store.file,
        status: present ? 'broken' : 'missing',
        reason: present ? 'cannot be opened: the secrets file holding its password is missing' : 'store file is missing',
      });
      continue;
    }
    const leaf = plan.leaves.find((l) => l.id === store.leafId)!;
    const [leafCertPem, leafKeyPem, caCertPem] = await Promise.all([
      readIfPresent(leaf.certFile),
      readIfPresent(leaf.keyFile),
      readIfPresent(plan.ca.certFile),
    ]);
    if (!leafCertPem || !leafKeyPem || !caCertPem || !isCertificate(leafCertPem) || !isCertificate(caCertPem)) {
      stores.push({ id: store.id, file: store.file, status: 'broken', reason: 'its certificate or key is missing or broken; run `rocketctl certs gen`' });
      continue;
    }
    const problem = await storeProblem(store, { alias: store.alias, leafCertPem, leafKeyPem, caCertPem }, secrets.get(store.passwordSecret));
    stores.push({ id: store.id, file: store.file, status: problem?.status ?? 'ok', ...(problem ? { reason: problem.reason } : {}) });
  }
  const ok = certificates.every((c) => c.status === 'ok') && stores.every((s) => s.status === 'ok');
  return { ok, certificates, stores };
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
