import type { ResolvedEngine } from '../../config/engine-config.js';
import type { ServiceSpec } from '../../services/spec.js';
import type { Engine } from '../engine.js';
import { LABEL, containerName } from '../labels.js';
import type { StackEntry } from '../stack-view.js';
import { inspectServiceOrNull } from './ensure-service.js';
import type { NodeEngines } from './node-engines.js';
import { listSwarmNodes, type SwarmNode } from './swarm-nodes.js';
import { currentTask, serviceTasks } from './swarm-tasks.js';
import { nodeAddress, taskEndpoints, taskProbeTarget } from './task-target.js';

/**
 * Every spec's Swarm service, found by name and checked by label, with the node its task runs on: read-only.
 * A service whose node is lost is reported stopped, naming the node, so `status` says which host to look at.
 */
export async function inspectSwarmStack(
  engine: Engine,
  project: string,
  specs: readonly ServiceSpec[],
  context: { engineConfig: ResolvedEngine; nodeEngines: NodeEngines },
): Promise<StackEntry[]> {
  const nodes = await listSwarmNodes(engine);
  return Promise.all(specs.map((spec) => inspectOne(engine, project, spec, nodes, context)));
}

async function inspectOne(
  engine: Engine,
  project: string,
  spec: ServiceSpec,
  nodes: readonly SwarmNode[],
  context: { engineConfig: ResolvedEngine; nodeEngines: NodeEngines },
): Promise<StackEntry> {
  const name = containerName(project, spec.name);
  const info = await inspectServiceOrNull(engine, engine.docker.getService(name));
  const none = { probeTarget: () => null };
  if (!info || info.Spec?.Labels?.[LABEL.project] !== project) {
    return {
      spec,
      ...none,
      view: { name: spec.name, state: 'missing', container: null, image: null, endpoints: {}, detail: 'no Swarm service (run rocketctl up)' },
    };
  }
  const task = currentTask(await serviceTasks(engine, name));
  const pinned = context.engineConfig.placement[spec.name]?.node ?? null;
  const node = nodes.find((n) => n.id === task?.nodeId) ?? nodes.find((n) => n.hostname === pinned);
  const base = { name: spec.name, container: name, image: spec.image, ...(node ? { node: node.hostname } : {}) };
  if (node && node.state !== 'ready') {
    return {
      spec,
      ...none,
      view: { ...base, state: 'stopped', endpoints: {}, detail: `node ${node.hostname} is ${node.state} (lost): its task cannot run until the node is back` },
    };
  }
  if (!task || task.state !== 'running' || !node) {
    const why = task ? `task ${task.state}${task.error ? `: ${task.error}` : ''}` : 'no task scheduled';
    return { spec, ...none, view: { ...base, state: 'stopped', endpoints: {}, detail: why } };
  }
  const host = nodeAddress(node, context.engineConfig.nodes);
  return {
    spec,
    view: { ...base, state: 'running', endpoints: taskEndpoints(spec, host), detail: `running on ${node.hostname}` },
    probeTarget: (signal) =>
      taskProbeTarget({ spec, host, node: node.hostname, containerId: task.containerId, nodeEngine: context.nodeEngines.get(node.hostname), signal }),
  };
}
