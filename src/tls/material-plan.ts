import path from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import type { SecretName } from '../secrets/catalog.js';
import { serviceDescriptor } from '../services/descriptors.js';
import type { ExtendedKeyUsage } from '../services/descriptor.js';

/** One certificate + key pair that `certs gen` keeps valid. */
export interface CertItem {
  /** Stable id shown by `certs list`: `ca`, `kafka`, `cockroach/node`, `cockroach/client.root`. */
  id: string;
  certFile: string;
  keyFile: string;
  commonName: string;
  organization: string;
  sans: readonly string[];
  extendedKeyUsage: readonly ExtendedKeyUsage[];
  isCa: boolean;
}

export type StoreKind = 'jks-keystore' | 'pkcs12-keystore' | 'jks-truststore';

/** A Java store derived from a leaf (keystores) or from the CA (truststores). */
export interface StoreItem {
  id: string;
  file: string;
  kind: StoreKind;
  /** The CertItem id whose key and chain a keystore holds. */
  leafId: string;
  /** Entry alias inside the store (lowercase: JKS lowercases aliases on lookup). */
  alias: string;
  passwordSecret: SecretName;
}

export interface MaterialPlan {
  ca: CertItem;
  /** Every non-CA certificate, in a stable order. */
  leaves: CertItem[];
  stores: StoreItem[];
  /** Copies of the CA certificate placed beside each service's material, so one folder is one mount. */
  caCopies: string[];
}

const ORGANIZATION = 'Conscious Rocket';

/** The project CA certificate: every TLS client of rocketctl trusts this file. */
export const caCertFile = (config: ResolvedConfig): string => path.join(config.certsDir, 'ca', 'ca.crt');

/** Everything `certs gen` writes for this config: a pure function of the config and the service modules' TLS layouts. */
export function planMaterial(config: ResolvedConfig): MaterialPlan {
  const caDir = path.join(config.certsDir, 'ca');
  const ca: CertItem = {
    id: 'ca',
    certFile: caCertFile(config),
    keyFile: path.join(caDir, 'ca.key'),
    commonName: `${config.project} CA`,
    organization: ORGANIZATION,
    sans: [],
    extendedKeyUsage: [],
    isCa: true,
  };
  const plan: MaterialPlan = { ca, leaves: [], stores: [], caCopies: [] };
  for (const service of Object.values(config.services).filter((s) => s.enabled)) {
    addService(plan, service, path.join(config.certsDir, service.name));
  }
  return plan;
}

function addService(plan: MaterialPlan, service: ResolvedService, dir: string): void {
  const { tls } = serviceDescriptor(service.name);
  const leafId = tls.leafId ?? service.name;
  plan.leaves.push({
    id: leafId,
    certFile: path.join(dir, tls.files.cert),
    keyFile: path.join(dir, tls.files.key),
    commonName: tls.commonName ?? service.hostname,
    organization: tls.organization ?? ORGANIZATION,
    sans: service.sans,
    extendedKeyUsage: tls.usages,
    isCa: false,
  });
  plan.caCopies.push(path.join(dir, tls.files.ca));
  for (const user of tls.clientCertificates ?? []) {
    plan.leaves.push({
      id: `${service.name}/client.${user}`,
      certFile: path.join(dir, `client.${user}.crt`),
      keyFile: path.join(dir, `client.${user}.key`),
      commonName: user,
      organization: tls.organization ?? ORGANIZATION,
      sans: [],
      extendedKeyUsage: ['clientAuth'],
      isCa: false,
    });
  }
  if (tls.javaStores) {
    const base = path.join(dir, service.name);
    const { keystore, truststore } = tls.javaStores;
    plan.stores.push(
      { id: `${service.name}/keystore.jks`, file: `${base}.keystore.jks`, kind: 'jks-keystore', leafId, alias: service.name, passwordSecret: keystore },
      { id: `${service.name}/keystore.p12`, file: `${base}.keystore.p12`, kind: 'pkcs12-keystore', leafId, alias: service.name, passwordSecret: keystore },
      { id: `${service.name}/truststore.jks`, file: `${base}.truststore.jks`, kind: 'jks-truststore', leafId, alias: service.name, passwordSecret: truststore },
    );
  }
}
