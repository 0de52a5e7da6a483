import type { ResolvedEngine } from '../../config/engine-config.js';
import { connectEngine, isNotFound, type Engine } from '../engine.js';

export interface SwarmNode {
  id: string;
  hostname: string;
  /** The address the node registered with the swarm. */
  addr: string;
  /** 'ready', or 'down'/'unknown'/'disconnected' for a lost node. */
  state: string;
  availability: string;
  labels: Record<string, string>;
}

export async function listSwarmNodes(engine: Engine): Promise<SwarmNode[]> {
  const nodes = await engine.call('list swarm nodes', (abortSignal) => engine.docker.listNodes({ abortSignal } as object));
  return nodes
    .map((node) => ({
      id: node.ID!,
      hostname: node.Description?.Hostname ?? node.ID!,
      addr: node.Status?.Addr ?? '',
      state: node.Status?.State ?? 'unknown',
      availability: node.Spec?.Availability ?? 'active',
      labels: node.Spec?.Labels ?? {},
    }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

export interface SwarmTask {
  id: string;
  nodeId: string | null;
  state: string;
  desiredState: string;
  error: string | null;
  message: string;
  containerId: string | null;
  createdAt: string;
}

/** The tasks of one service, newest first. */
export async function serviceTasks(engine: Engine, serviceName: string): Promise<SwarmTask[]> {
  // The engine answers 404 for a service that does not exist (yet): no tasks.
  const tasks = await engine
    .call(`list tasks of ${serviceName}`, (abortSignal) => engine.docker.listTasks({ filters: { service: [serviceName] }, abortSignal }))
    .catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw error;
    });
  return (tasks as TaskInfo[])
    .map((task) => ({
      id: task.ID,
      nodeId: task.NodeID ?? null,
      state: task.Status?.State ?? 'unknown',
      desiredState: task.DesiredState ?? 'unknown',
      error: task.Status?.Err ?? null,
      message: task.Status?.Message ?? '',
      containerId: task.Status?.ContainerStatus?.ContainerID ?? null,
      createdAt: task.CreatedAt ?? '',
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

interface TaskInfo {
  ID: string;
  NodeID?: string;
  CreatedAt?: string;
  DesiredState?: string;
  Status?: { State?: string; Err?: string; Message?: string; ContainerStatus?: { ContainerID?: string } };
}

/** The task Swarm wants running now (the newest one), or the newest of all when none is wanted. */
export const currentTask = (tasks: readonly SwarmTask[]): SwarmTask | undefined => tasks.find((t) => t.desiredState === 'running') ?? tasks[0];

/**
 * Each Swarm node's own engine, from `engine.nodes.<host name>.dockerHost`: what the manager cannot do for
 * rocketctl (exec into a task's container, list and load images, remove volumes) goes through it.
 */
export class NodeEngines {
  private readonly engines = new Map<string, Promise<Engine>>();

  constructor(
    private readonly config: ResolvedEngine,
    private readonly signal: AbortSignal,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  has(hostname: string): boolean {
    return Boolean(this.config.nodes[hostname]?.dockerHost);
  }

  /** The node's engine, or null when the config names none. */
  get(hostname: string): Promise<Engine> | null {
    const dockerHost = this.config.nodes[hostname]?.dockerHost;
    if (!dockerHost) return null;
    if (!this.engines.has(hostname)) {
      const connecting = connectEngine(this.signal, this.env, dockerHost);
      connecting.catch(() => this.engines.delete(hostname));
      this.engines.set(hostname, connecting);
    }
    return this.engines.get(hostname)!;
  }
}
