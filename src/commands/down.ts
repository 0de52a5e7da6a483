import { createInterface } from 'node:readline/promises';
import { connectEngine } from '../docker/engine.js';
import { LABEL, networkName, projectFilter } from '../docker/labels.js';
import { stopAndRemove } from '../docker/remove-container.js';
import { UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

export interface DownResult {
  containers: string[];
  network: string | null;
  volumesRemoved: string[];
  volumesKept: string[];
}

/**
 * `rocketctl down [--volumes]`: removes what `up` made, found by label. Data volumes are kept unless
 * --volumes, which asks first on a terminal and needs --yes anywhere else.
 */
export async function down(context: CommandContext, options: { volumes?: boolean; yes?: boolean; confirm?: (question: string) => Promise<boolean> }): Promise<DownResult> {
  const { config } = context;
  const engine = await connectEngine();
  const filter = projectFilter(config.project);
  const volumes = ((await engine.listVolumes({ filters: filter })).Volumes ?? []).map((v) => v.Name).sort();
  if (options.volumes && volumes.length > 0 && !options.yes) {
    const confirm = options.confirm ?? askOnTerminal;
    const question = `delete ${volumes.length} data volume(s) of project ${config.project} (${volumes.join(', ')})? all their data is lost [y/N] `;
    if (!(await confirm(question))) throw new UsageError('not confirmed: nothing was removed', 'answer y, or pass --yes to delete the volumes without asking');
  }
  const containers = await engine.listContainers({ all: true, filters: filter });
  // Dependents first: Kafka must deregister from a ZooKeeper that is still there, or its stale
  // registration blocks the next broker until the session expires.
  const isZooKeeper = (c: (typeof containers)[number]) => c.Labels[LABEL.service]?.startsWith('zookeeper-') ?? false;
  for (const layer of [containers.filter((c) => !isZooKeeper(c)), containers.filter(isZooKeeper)]) {
    await Promise.all(layer.map((c) => stopAndRemove(engine.getContainer(c.Id))));
  }
  const networks = await engine.listNetworks({ filters: filter });
  await Promise.all(networks.map((n) => engine.getNetwork(n.Id).remove()));
  const removeVolumes = options.volumes ? volumes : [];
  await Promise.all(removeVolumes.map((name) => engine.getVolume(name).remove()));
  return {
    containers: containers.map((c) => c.Names[0]!.replace(/^\//, '')).sort(),
    network: networks.length > 0 ? networkName(config.project) : null,
    volumesRemoved: removeVolumes,
    volumesKept: options.volumes ? [] : volumes,
  };
}

async function askOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('--volumes deletes data and there is no terminal to confirm on; nothing was removed', 'pass --yes to confirm');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
