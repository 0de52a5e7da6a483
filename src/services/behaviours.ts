import { cassandraSpec } from './cassandra/spec.js';
import { cockroachSpec } from './cockroach/spec.js';
import { couchdbSpec } from './couchdb/spec.js';
import type { DescriptorOf, ServiceName, StoreName } from './descriptors.js';
import { kafkaSpec } from './kafka/spec.js';
import { postgresSpec } from './postgres/spec.js';
import type { SeedBehaviour, ServiceBehaviour } from './service-behaviour.js';
import { zookeeperSpec } from './zookeeper/spec.js';

/** A store (its descriptor names a seed endpoint) must say how it is seeded; any other service must not. */
type BehaviourFor<N extends ServiceName> = ServiceBehaviour & (DescriptorOf<N> extends { seed: object } ? { seed: SeedBehaviour } : { seed?: never });

/**
 * The behaviour of every service, keyed by the descriptors' names: the compiler asks for an entry per
 * service, and for a seed exactly where the descriptor declares a store. Heavy parts (drivers) load on use.
 */
export const SERVICE_BEHAVIOURS: { readonly [N in ServiceName]: BehaviourFor<N> } = {
  'zookeeper-1': { spec: zookeeperSpec },
  'zookeeper-2': { spec: zookeeperSpec },
  'zookeeper-3': { spec: zookeeperSpec },
  kafka: {
    spec: kafkaSpec,
    // The broker authenticates to itself with SCRAM: its admin credential must be in ZooKeeper first.
    beforeStart: async () => (await import('./kafka/before-start.js')).kafkaBeforeStart,
  },
  cockroach: {
    spec: cockroachSpec,
    seed: {
      load: async () => (await import('./cockroach/seed.js')).seedCockroach,
      verify: async () => (await import('./cockroach/verify.js')).verifyCockroach,
    },
  },
  cassandra: {
    spec: cassandraSpec,
    seed: {
      load: async () => (await import('./cassandra/seed.js')).seedCassandra,
      verify: async () => (await import('./cassandra/verify.js')).verifyCassandra,
    },
  },
  postgres: {
    spec: postgresSpec,
    seed: { load: async () => (await import('./postgres/seed.js')).seedPostgres, verify: async () => (await import('./postgres/verify.js')).verifyPostgres },
  },
  couchdb: {
    spec: couchdbSpec,
    seed: { load: async () => (await import('./couchdb/seed.js')).seedCouchdb, verify: async () => (await import('./couchdb/verify.js')).verifyCouchdb },
  },
};

/** The seed behaviour of a store. */
export const seedBehaviour = (store: StoreName): SeedBehaviour => SERVICE_BEHAVIOURS[store].seed;
