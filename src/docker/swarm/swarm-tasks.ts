import { isNotFound, type Engine } from '../engine.js';

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
