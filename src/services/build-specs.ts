import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import type { ServiceName } from '../config/service-names.js';
import { cassandraSpec } from './cassandra.js';
import { cockroachSpec } from './cockroach.js';
import { couchdbSpec } from './couchdb.js';
import { kafkaSpec } from './kafka.js';
import { postgresSpec } from './postgres.js';
import type { ServiceSpec } from './spec.js';
import type { SpecInputs } from './spec-inputs.js';
import { zookeeperSpec } from './zookeeper.js';

const BUILDERS: Record<ServiceName, (service: ResolvedService, inputs: SpecInputs) => ServiceSpec> = {
  'zookeeper-1': zookeeperSpec,
  'zookeeper-2': zookeeperSpec,
  'zookeeper-3': zookeeperSpec,
  kafka: kafkaSpec,
  cockroach: cockroachSpec,
  cassandra: cassandraSpec,
  postgres: postgresSpec,
  couchdb: couchdbSpec,
};

/** Specs of the enabled services, in dependency order. */
export function buildSpecs(inputs: SpecInputs): ServiceSpec[] {
  return enabledServices(inputs.config).map((service) => BUILDERS[service.name](service, inputs));
}

export function enabledServices(config: ResolvedConfig): ResolvedService[] {
  return Object.values(config.services).filter((service) => service.enabled);
}

/** The named services plus everything they depend on, transitively (`up kafka` brings ZooKeeper too). */
export function withDependencies(specs: ServiceSpec[], wanted: readonly ServiceName[]): ServiceSpec[] {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const chosen = new Set<ServiceName>();
  const visit = (name: ServiceName) => {
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency);
  };
  wanted.forEach(visit);
  return specs.filter((spec) => chosen.has(spec.name));
}
