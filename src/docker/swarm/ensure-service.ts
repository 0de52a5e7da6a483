import type Docker from 'dockerode';
import type { ResolvedPlacement } from '../../config/engine-config.js';
import type { ServiceSpec } from '../../services/spec.js';
import { OperationError } from '../../shared/errors.js';
import { imageStart } from '../ensure-container.js';
import { isNotFound, type Engine } from '../engine.js';
import { LABEL, containerName } from '../labels.js';
import { materializeFiles } from '../spec-files.js';
import { serviceHash, serviceOptions } from './service-options.js';
import { ensureSwarmFiles, removeStaleSwarmFiles } from './swarm-files.js';

export type ServiceAction = 'kept' | 'created' | 'updated';

/**
 * Reuse by hash, as for containers: a service whose spec-hash label matches is kept (Swarm itself restarts
 * its task), a changed one is updated in place (stop-first: its volume is local to one node), a missing one
 * created. `imageEngine` answers the image's own start command: the engine of the node the task is pinned to
 * when the config names it (the manager may not hold every image), else the manager.
 */
export async function ensureService(
  engine: Engine,
  spec: ServiceSpec,
  stack: { project: string; placement: ResolvedPlacement; imageEngine: Engine },
): Promise<{ service: Docker.Service; action: ServiceAction; name: string }> {
  const files = await materializeFiles(spec);
  const refs = await ensureSwarmFiles(engine, stack.project, spec.name, files);
  const options = serviceOptions(spec, stack, await imageStart(stack.imageEngine, spec.image), refs, stack.placement);
  const hash = serviceHash(options);
  const withHash = { ...options, Labels: { ...options.Labels, [LABEL.specHash]: hash } };
  const name = containerName(stack.project, spec.name);
  const handle = engine.docker.getService(name);
  const existing = await inspectServiceOrNull(engine, handle);
  let action: ServiceAction;
  if (!existing) {
    await engine.call(`create service ${name}`, (abortSignal) => engine.docker.createService({ ...withHash, abortSignal } as Docker.CreateServiceOptions));
    action = 'created';
  } else {
    if (existing.Spec?.Labels?.[LABEL.project] !== stack.project) {
      throw new OperationError(
        `a Swarm service named ${name} exists but was not made by rocketctl for project ${stack.project}`,
        `remove it (docker service rm ${name}), or set a different project in the config`,
      );
    }
    if (existing.Spec?.Labels?.[LABEL.specHash] === hash) return { service: handle, action: 'kept', name };
    await engine.call(`update service ${name}`, (abortSignal) => handle.update({ ...withHash, version: existing.Version!.Index, abortSignal } as object));
    action = 'updated';
  }
  // Earlier versions of this service's files: removable once no task mounts them (else the next run does it).
  await removeStaleSwarmFiles(engine, stack.project, new Set(refs.map((ref) => ref.name)), spec.name);
  return { service: handle, action, name };
}

/** What rocketctl reads of an inspected service (dockerode types it as any). */
export interface ServiceInfo {
  ID: string;
  Version?: { Index: number };
  Spec?: { Name?: string; Labels?: Record<string, string> };
  /** Set by an update: 'updating' until the new task replaced the old one, then 'completed' ('paused' on failure). */
  UpdateStatus?: { State?: string; Message?: string };
}

export async function inspectServiceOrNull(engine: Engine, service: Docker.Service): Promise<ServiceInfo | null> {
  try {
    return (await engine.call(`inspect service ${service.id}`, (abortSignal) => service.inspect({ abortSignal } as object))) as ServiceInfo;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
