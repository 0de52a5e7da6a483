import path from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import type { ServiceName } from '../config/service-names.js';
import type { SecretName } from '../secrets/catalog.js';
import type { ExtendedKeyUsage } from './issue.js';

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
  /** Entry alias inside the store (lowercase: JKS lowercases on lookup, formats.md §4). */
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
/** Database roles that get Cockroach client certificates (root administers, the others are the app roles). */
export const COCKROACH_CLIENT_USERS = ['root', 'observer_writer', 'replicator'] as const;

/** Per-service file names: the layout each server (or its image) expects. */
const LEAF_FILES: Partial<Record<ServiceName, { cert: string; key: string; ca: string }>> = {
  postgres: { cert: 'server.crt', key: 'server.key', ca: 'root.crt' },
  couchdb: { cert: 'couchdb.pem', key: 'privkey.pem', ca: 'ca.crt' },
  cockroach: { cert: 'node.crt', key: 'node.key', ca: 'ca.crt' },
};
const DEFAULT_LEAF_FILES = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' };

/** Servers that also dial their peers with the same certificate need clientAuth too. */
const SERVER_ONLY: readonly ServiceName[] = ['postgres', 'couchdb'];
const JAVA_STORES: Partial<Record<ServiceName, { keystore: SecretName; truststore: SecretName }>> = {
  kafka: { keystore: 'KAFKA_KEYSTORE_PASSWORD', truststore: 'KAFKA_TRUSTSTORE_PASSWORD' },
  cassandra: { keystore: 'CASSANDRA_KEYSTORE_PASSWORD', truststore: 'CASSANDRA_TRUSTSTORE_PASSWORD' },
};

/** The project CA certificate: every TLS client of rocketctl trusts this file. */
export const caCertFile = (config: ResolvedConfig): string => path.join(config.certsDir, 'ca', 'ca.crt');

/** Everything `certs gen` writes for this config: a pure function of the config. */
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
  const files = LEAF_FILES[service.name] ?? DEFAULT_LEAF_FILES;
  const isCockroach = service.name === 'cockroach';
  const leafId = isCockroach ? 'cockroach/node' : service.name;
  plan.leaves.push({
    id: leafId,
    certFile: path.join(dir, files.cert),
    keyFile: path.join(dir, files.key),
    // Cockroach requires the principal "node" in the node certificate (formats.md §5).
    commonName: isCockroach ? 'node' : service.hostname,
    organization: isCockroach ? 'Cockroach' : ORGANIZATION,
    sans: service.sans,
    extendedKeyUsage: SERVER_ONLY.includes(service.name) ? ['serverAuth'] : ['serverAuth', 'clientAuth'],
    isCa: false,
  });
  plan.caCopies.push(path.join(dir, files.ca));
  if (isCockroach) {
    for (const user of COCKROACH_CLIENT_USERS) {
      plan.leaves.push({
        id: `cockroach/client.${user}`,
        certFile: path.join(dir, `client.${user}.crt`),
        keyFile: path.join(dir, `client.${user}.key`),
        commonName: user,
        organization: 'Cockroach',
        sans: [],
        extendedKeyUsage: ['clientAuth'],
        isCa: false,
      });
    }
  }
  const stores = JAVA_STORES[service.name];
  if (stores) {
    const base = path.join(dir, service.name);
    plan.stores.push(
      { id: `${service.name}/keystore.jks`, file: `${base}.keystore.jks`, kind: 'jks-keystore', leafId, alias: service.name, passwordSecret: stores.keystore },
      { id: `${service.name}/keystore.p12`, file: `${base}.keystore.p12`, kind: 'pkcs12-keystore', leafId, alias: service.name, passwordSecret: stores.keystore },
      { id: `${service.name}/truststore.jks`, file: `${base}.truststore.jks`, kind: 'jks-truststore', leafId, alias: service.name, passwordSecret: stores.truststore },
    );
  }
}
