import type { ResolvedConfig } from '../config/types.js';
import { isServiceName } from '../services/descriptors.js';
import { withDependencies } from '../services/build-specs.js';
import type { ServiceSpec } from '../services/spec.js';
import { UsageError } from '../shared/errors.js';
import { WORKERS_MEMBER, type MemberName } from '../workers/descriptors.js';

/** The specs `up [MEMBER...]` will bring up: the named ones (all when none) and what they depend on. */
export function selectSpecs(config: ResolvedConfig, specs: ServiceSpec[], requested: readonly string[]): ServiceSpec[] {
  const known = [...Object.keys(config.services), WORKERS_MEMBER];
  for (const name of requested) {
    if (name === WORKERS_MEMBER) {
      if (!specs.some((spec) => spec.name === WORKERS_MEMBER))
        throw new UsageError(
          'every worker is disabled in the config, so there is no workers member',
          'enable a worker (workers.<name>.enabled), or leave it out',
        );
      continue;
    }
    if (!isServiceName(name)) throw new UsageError(`unknown service "${name}"`, `use one of: ${known.join(', ')}`);
    if (!config.services[name].enabled)
      throw new UsageError(`service ${name} is disabled in the config`, `set services.${name}.enabled to true, or leave it out`);
  }
  // A ZooKeeper peer is only ready inside its ensemble: asking for one brings all three.
  const names = requested.flatMap((name) => (name.startsWith('zookeeper-') ? ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'] : [name])) as MemberName[];
  return requested.length === 0 ? specs : withDependencies(specs, names);
}
