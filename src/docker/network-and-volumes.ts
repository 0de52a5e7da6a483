import type Docker from 'dockerode';
import type { ServiceName } from '../config/service-names.js';
import { LABEL, networkName, volumeName } from './labels.js';

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

/** The project's own bridge network (containers reach each other by host name on it). */
export async function ensureNetwork(engine: Docker, project: string): Promise<'created' | 'kept'> {
  const name = networkName(project);
  try {
    await engine.getNetwork(name).inspect();
    return 'kept';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await engine.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: { [LABEL.project]: project } });
  return 'created';
}

export async function ensureVolume(engine: Docker, project: string, service: ServiceName): Promise<'created' | 'kept'> {
  const name = volumeName(project, service);
  try {
    await engine.getVolume(name).inspect();
    return 'kept';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await engine.createVolume({ Name: name, Labels: { [LABEL.project]: project, [LABEL.service]: service } });
  return 'created';
}
