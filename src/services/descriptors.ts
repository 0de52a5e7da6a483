import { cassandra } from './cassandra/descriptor.js';
import { cockroach } from './cockroach/descriptor.js';
import { couchdb } from './couchdb/descriptor.js';
import type { ServiceDescriptor } from './descriptor.js';
import { kafka } from './kafka/descriptor.js';
import { postgres } from './postgres/descriptor.js';
import { zookeeper1, zookeeper2, zookeeper3 } from './zookeeper/descriptor.js';

/**
 * Every service rocketctl runs, in dependency order (a service only depends on earlier ones): data only.
 * Adding a service is a folder under src/services/ plus one line here and one in behaviours.ts (the compiler
 * asks for it): names, config schema and defaults, TLS material, secrets, specs and seed stores derive from these.
 */
export const SERVICES = [zookeeper1, zookeeper2, zookeeper3, kafka, cockroach, cassandra, postgres, couchdb] as const;

type AnyDescriptor = (typeof SERVICES)[number];
export type ServiceName = AnyDescriptor['name'];
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

/** The secrets the services own (the secrets catalog adds the shared and the workers' ones). */
export type ServiceSecretName = SecretsOf<AnyDescriptor>;
type SecretsOf<D> = D extends { secrets: infer S } ? keyof S & string : never;

/** The descriptor of one service, with its literal type (a store's has `seed`). */
export type DescriptorOf<N extends ServiceName> = Extract<AnyDescriptor, { name: N }>;

/** The services that hold data (their descriptor names a seed endpoint), in list order. */
export type StoreName = { [N in ServiceName]: DescriptorOf<N> extends { seed: object } ? N : never }[ServiceName];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** One service's descriptor, widened to what code reading any service may use. */
export type AnyServiceDescriptor = ServiceDescriptor<ServiceName, ServiceSecretName>;

/** The same list, widened: for loops that read any field of any service. */
export const SERVICE_DESCRIPTORS: readonly AnyServiceDescriptor[] = SERVICES;

export function serviceDescriptor(name: ServiceName): AnyServiceDescriptor {
  return SERVICE_DESCRIPTORS.find((service) => service.name === name)!;
}

/** The stores, in list order. */
export const STORE_NAMES = SERVICE_DESCRIPTORS.filter((service) => service.seed !== undefined).map((service) => service.name) as readonly StoreName[];
