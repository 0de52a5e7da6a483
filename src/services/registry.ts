import { cassandra } from './cassandra/index.js';
import { cockroach } from './cockroach/index.js';
import { couchdb } from './couchdb/index.js';
import { kafka } from './kafka/index.js';
import { postgres } from './postgres/index.js';
import type { ServiceModule } from './service-module.js';
import { zookeeper1, zookeeper2, zookeeper3 } from './zookeeper/index.js';

/**
 * Every service rocketctl runs, in dependency order (a service only depends on earlier ones). Adding a
 * service is a folder under src/services/ plus one line here: names, config defaults, TLS material,
 * secrets, specs and seed stores all derive from this list.
 */
export const SERVICES = [zookeeper1, zookeeper2, zookeeper3, kafka, cockroach, cassandra, postgres, couchdb] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

type SecretsOf<M> = M extends ServiceModule<string, infer S> ? S : never;
/** The secrets the services own (the catalog adds the ones shared by every store). */
export type ServiceSecretName = SecretsOf<(typeof SERVICES)[number]>;

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

export function serviceModule(name: ServiceName): ServiceModule<ServiceName, ServiceSecretName> {
  return SERVICES.find((service) => service.name === name)! as ServiceModule<ServiceName, ServiceSecretName>;
}
