import type { MemberName } from '../workers/descriptors.js';
import { isNotFound, type Engine } from './engine.js';
import { LABEL, networkName, volumeName } from './labels.js';

/** The project's own bridge network (containers reach each other by host name on it). */
export async function ensureNetwork(engine: Engine, project: string): Promise<'created' | 'kept'> {
  const name = networkName(project);
  try {
    await engine.call(`inspect network ${name}`, (abortSignal) =>
      (engine.docker.getNetwork(name).inspect as (options: object) => Promise<unknown>).call(engine.docker.getNetwork(name), { abortSignal }),
    );
    return 'kept';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await engine.call(`create network ${name}`, (abortSignal) =>
    engine.docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: { [LABEL.project]: project }, abortSignal }),
  );
  return 'created';
}

export async function ensureVolume(engine: Engine, project: string, service: MemberName): Promise<'created' | 'kept'> {
  const name = volumeName(project, service);
  try {
    await engine.call(`inspect volume ${name}`, (abortSignal) => engine.docker.getVolume(name).inspect({ abortSignal }));
    return 'kept';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await engine.call(`create volume ${name}`, (abortSignal) =>
    engine.docker.createVolume({ Name: name, Labels: { [LABEL.project]: project, [LABEL.service]: service }, abortSignal }),
  );
  return 'created';
}
