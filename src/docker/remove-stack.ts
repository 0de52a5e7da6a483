import type { Engine } from './engine.js';
import { LABEL, networkName, projectFilter, stopLayers } from './labels.js';
import { stopAndRemove } from './remove-container.js';

export interface RemovedStack {
  containers: string[];
  network: string | null;
  volumesRemoved: string[];
  volumesKept: string[];
}

/** The project's data volumes, by label. */
export async function listProjectVolumes(engine: Engine, project: string): Promise<string[]> {
  const { Volumes } = await engine.call('list volumes', (abortSignal) => engine.docker.listVolumes({ filters: projectFilter(project), abortSignal }));
  return (Volumes ?? []).map((v) => v.Name).sort();
}

/**
 * Removes what `up` made, found by label: containers (stopped gracefully), the network, and the data
 * volumes only when asked.
 */
export async function removeStack(engine: Engine, project: string, options: { volumes: boolean }): Promise<RemovedStack> {
  const filters = projectFilter(project);
  const volumes = await listProjectVolumes(engine, project);
  const containers = await engine.call('list containers', (abortSignal) => engine.docker.listContainers({ all: true, filters, abortSignal }));
  for (const layer of stopLayers(containers, (c) => c.Labels[LABEL.service])) {
    await Promise.all(layer.map((c) => stopAndRemove(engine, engine.docker.getContainer(c.Id))));
  }
  const networks = await engine.call('list networks', (abortSignal) => engine.docker.listNetworks({ filters, abortSignal }));
  await Promise.all(networks.map((n) => engine.call(`remove network ${n.Name}`, (abortSignal) => engine.docker.getNetwork(n.Id).remove({ abortSignal }))));
  const removeVolumes = options.volumes ? volumes : [];
  await Promise.all(removeVolumes.map((name) => engine.call(`remove volume ${name}`, (abortSignal) => engine.docker.getVolume(name).remove({ abortSignal }))));
  return {
    containers: containers.map((c) => c.Names[0]!.replace(/^\//, '')).sort(),
    network: networks.length > 0 ? networkName(project) : null,
    volumesRemoved: removeVolumes,
    volumesKept: options.volumes ? [] : volumes,
  };
}
