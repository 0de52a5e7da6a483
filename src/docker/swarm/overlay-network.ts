import { OperationError } from '../../shared/errors.js';
import type { Engine } from '../engine.js';
import { LABEL, networkName } from '../labels.js';

/** The project's attachable overlay network: tasks on every node reach each other by host name on it. */
export async function ensureOverlayNetwork(engine: Engine, project: string): Promise<'created' | 'kept'> {
  const name = networkName(project);
  const found = await engine.call(`inspect network ${name}`, (abortSignal) => engine.docker.listNetworks({ filters: { name: [name] }, abortSignal }));
  const existing = found.find((network) => network.Name === name);
  if (existing) {
    if (existing.Driver !== 'overlay') {
      throw new OperationError(
        `network ${name} exists with driver ${existing.Driver}, not overlay (left by a single-host run?)`,
        'run `rocketctl down --engine docker` first (data volumes are kept), then `rocketctl up --engine swarm`',
      );
    }
    return 'kept';
  }
  await engine.call(`create network ${name}`, (abortSignal) =>
    engine.docker.createNetwork({ Name: name, Driver: 'overlay', Attachable: true, CheckDuplicate: true, Labels: { [LABEL.project]: project }, abortSignal }),
  );
  return 'created';
}
