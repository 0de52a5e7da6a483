import type { ResolvedConfig, ResolvedService } from '../config/types.js';
import { SERVICE_BEHAVIOURS } from './behaviours.js';
import type { MemberName } from '../workers/descriptors.js';
import type { ServiceSpec } from './spec.js';
import type { SpecInputs } from './spec-inputs.js';

/** Specs of the enabled services, in dependency order. Pure: reads no file (see SpecFile.read). */
export function buildSpecs(inputs: SpecInputs): ServiceSpec[] {
  return enabledServices(inputs.config).map((service) => SERVICE_BEHAVIOURS[service.name].spec(service, inputs));
}

/**
 * Specs for their shape only (names, ports, dependencies, images), without secrets or the CA: what a
 * preflight or a read-only command needs before (or without) any secret exists. Never used to start anything.
 */
export function buildSpecShapes(config: ResolvedConfig): ServiceSpec[] {
  return buildSpecs({ config, secrets: { get: () => '', source: () => 'none' }, caPem: '' });
}

export function enabledServices(config: ResolvedConfig): ResolvedService[] {
  return Object.values(config.services).filter((service) => service.enabled);
}

/** The named services plus everything they depend on, transitively (`up kafka` brings ZooKeeper too). */
export function withDependencies(specs: ServiceSpec[], wanted: readonly MemberName[]): ServiceSpec[] {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const chosen = new Set<MemberName>();
  const visit = (name: MemberName) => {
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency);
  };
  wanted.forEach(visit);
  return specs.filter((spec) => chosen.has(spec.name));
}
