import type { Engine } from '../engine.js';
import { LABEL, networkName, projectFilter, stopLayers } from '../labels.js';
import type { RemovedStack } from '../remove-stack.js';
import { retry } from '../../shared/retry.js';
import { inspectServiceOrNull } from './ensure-service.js';
import { removeStaleSwarmFiles } from './swarm-files.js';
import type { NodeEngines } from './node-engines.js';
import { nodeVolumes } from './node-volumes.js';
import { serviceTasks } from './swarm-tasks.js';

/** A task's container gets its stop grace (20 s) plus this to be gone. */
const STOP_WAIT_MS = 60_000;
const CLEANUP_WAIT_MS = 30_000;

interface ServiceListItem {
  ID: string;
  Spec?: { Name?: string; Labels?: Record<string, string> };
}

/**
 * Removes what `up --engine swarm` made, found by label. Each layer is scaled to 0 and its tasks seen stopped
 * before the next (Kafka must deregister from a ZooKeeper that still runs), then services, secrets, configs
 * and the overlay network. Data volumes live on the nodes: they are listed (and deleted with --volumes) through
 * each node's engine where the config names it.
 */
export async function removeSwarmStack(
  engine: Engine,
  project: string,
  options: { volumes: boolean; nodeEngines: NodeEngines; nodes: string[] },
): Promise<RemovedStack> {
  const filters = projectFilter(project);
  const services = (await engine.call('list services', (abortSignal) => engine.docker.listServices({ filters, abortSignal } as object))) as ServiceListItem[];
  for (const layer of stopLayers(services, (s) => s.Spec?.Labels?.[LABEL.service])) {
    await Promise.all(layer.map((s) => stopService(engine, s)));
  }
  await Promise.all(
    services.map((s) => engine.call(`remove service ${s.Spec?.Name}`, (abortSignal) => engine.docker.getService(s.ID).remove({ abortSignal } as object))),
  );
  // Secrets, configs and the network are refused while a task still holds them: retry until the engine lets go.
  await retry(
    async () => {
      await removeStaleSwarmFiles(engine, project, new Set());
      const left = await engine.call('list secrets', (abortSignal) => engine.docker.listSecrets({ filters, abortSignal } as object));
      if ((left as unknown[]).length > 0) throw new Error('secrets still in use');
    },
    { timeoutMs: CLEANUP_WAIT_MS, intervalMs: 1_000, signal: engine.signal, what: 'removing the Swarm secrets' },
  ).catch(() => undefined);
  const networks = await engine.call('list networks', (abortSignal) => engine.docker.listNetworks({ filters, abortSignal }));
  for (const network of networks) {
    await retry(() => engine.call(`remove network ${network.Name}`, (abortSignal) => engine.docker.getNetwork(network.Id).remove({ abortSignal })), {
      timeoutMs: CLEANUP_WAIT_MS,
      intervalMs: 1_000,
      signal: engine.signal,
      what: `removing network ${network.Name}`,
    });
  }
  const volumes = await nodeVolumes(options.nodeEngines, options.nodes, project);
  const removed: string[] = [];
  if (options.volumes) {
    for (const volume of volumes) {
      // A removed service's containers go away a moment later on their node: until then the volume is in use (409).
      await retry(
        () =>
          volume.engine.call(`remove volume ${volume.name} on ${volume.node}`, (abortSignal) =>
            volume.engine.docker.getVolume(volume.name).remove({ abortSignal }),
          ),
        { timeoutMs: CLEANUP_WAIT_MS, intervalMs: 1_000, signal: engine.signal, what: `removing volume ${volume.name} on ${volume.node}` },
      );
      removed.push(`${volume.node}:${volume.name}`);
    }
  }
  return {
    containers: services.map((s) => s.Spec?.Name ?? s.ID).sort(),
    network: networks.length > 0 ? networkName(project) : null,
    volumesRemoved: removed,
    volumesKept: options.volumes ? [] : volumes.map((v) => `${v.node}:${v.name}`),
  };
}

async function stopService(engine: Engine, item: ServiceListItem): Promise<void> {
  const handle = engine.docker.getService(item.ID);
  const info = await inspectServiceOrNull(engine, handle);
  if (!info) return;
  await engine.call(`scale ${item.Spec?.Name} to 0`, (abortSignal) =>
    handle.update({
      ...(info as unknown as { Spec: object }).Spec,
      Mode: { Replicated: { Replicas: 0 } },
      version: info.Version!.Index,
      abortSignal,
    } as object),
  );
  await retry(
    async () => {
      const running = (await serviceTasks(engine, item.Spec?.Name ?? item.ID)).filter((t) => ['running', 'starting', 'preparing'].includes(t.state));
      if (running.length > 0) throw new Error(`${running.length} task(s) still running`);
    },
    { timeoutMs: STOP_WAIT_MS, intervalMs: 500, signal: engine.signal, what: `stopping ${item.Spec?.Name}` },
  );
}
