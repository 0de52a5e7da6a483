import { isServiceName, type ServiceName } from '../services/descriptors.js';
import type { ResolvedConfig } from '../config/types.js';
import { withDependencies } from '../services/build-specs.js';
import type { ServiceSpec } from '../services/spec.js';
import { UsageError } from '../shared/errors.js';

/** The specs `up [SERVICE...]` will bring up: the named ones (all when none) and what they depend on. */
export function selectSpecs(config: ResolvedConfig, specs: ServiceSpec[], requested: readonly string[]): ServiceSpec[] {
  for (const name of requested) {
    if (!isServiceName(name)) throw new UsageError(`unknown service "${name}"`, `use one of: ${Object.keys(config.services).join(', ')}`);
    if (!config.services[name].enabled)
      throw new UsageError(`service ${name} is disabled in the config`, `set services.${name}.enabled to true, or leave it out`);
  }
  // A ZooKeeper peer is only ready inside its ensemble: asking for one brings all three.
  const names = requested.flatMap((name) => (name.startsWith('zookeeper-') ? ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'] : [name])) as ServiceName[];
  return requested.length === 0 ? specs : withDependencies(specs, names);
}
