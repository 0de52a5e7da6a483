import type Docker from 'dockerode';
import type { ServiceSpec } from '../services/spec.js';
import { OperationError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { tarFiles } from './archive.js';
import { createOptions, specHash, type ImageStart, type StackContext } from './create-options.js';
import { ensureImage } from './ensure-image.js';
import { LABEL } from './labels.js';
import { ensureVolume } from './network-and-volumes.js';
import { stopAndRemove } from './remove-container.js';

export type ContainerAction = 'kept' | 'started' | 'created' | 'recreated';

const NEVER_STARTED = '0001-01-01T00:00:00Z';

/**
 * Reuse by hash (as testcontainers does): a container whose spec-hash label matches is kept (or started);
 * one whose spec changed is replaced; only then is anything created. Files are copied in before the
 * first start, and a container that never got that far is removed rather than trusted.
 */
export async function ensureContainer(engine: Docker, spec: ServiceSpec, stack: StackContext, options: { signal: AbortSignal; log: Logger; onProgress?: (line: string) => void }): Promise<{ container: Docker.Container; action: ContainerAction }> {
  await ensureImage(engine, spec.image, options);
  const create = createOptions(spec, stack, await imageStart(engine, spec.image));
  const hash = specHash(create, spec);
  const name = create.name!;
  const existing = await inspectOrNull(engine.getContainer(name));
  if (existing) {
    if (existing.Config.Labels?.[LABEL.project] !== stack.project) {
      throw new OperationError(`a container named ${name} exists but was not made by rocketctl for project ${stack.project}`, `remove or rename it (docker rm -f ${name}), or set a different project in the config`);
    }
    const current = existing.Config.Labels[LABEL.specHash] === hash && existing.State.StartedAt !== NEVER_STARTED;
    if (current) {
      if (existing.State.Running) return { container: engine.getContainer(name), action: 'kept' };
      await engine.getContainer(name).start();
      return { container: engine.getContainer(name), action: 'started' };
    }
    options.log.debug(`${name}: spec changed (${existing.Config.Labels[LABEL.specHash]} → ${hash}), recreating`);
    await stopAndRemove(engine.getContainer(name));
  }
  if (spec.dataDir) await ensureVolume(engine, stack.project, spec.name);
  const container = await engine.createContainer({ ...create, Labels: { ...create.Labels, [LABEL.specHash]: hash } });
  try {
    if (spec.files.length > 0) await container.putArchive(await tarFiles(spec.files, spec.fileOwner), { path: '/' });
    await container.start();
  } catch (error) {
    // Half-made: remove it so the next `up` creates it whole instead of trusting its label.
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
  return { container, action: existing ? 'recreated' : 'created' };
}

async function imageStart(engine: Docker, image: string): Promise<ImageStart> {
  const { Config } = await engine.getImage(image).inspect();
  const list = (value: string | string[] | null | undefined) => (value == null ? [] : Array.isArray(value) ? value : [value]);
  return { entrypoint: list(Config.Entrypoint), cmd: list(Config.Cmd) };
}

async function inspectOrNull(container: Docker.Container): Promise<Docker.ContainerInspectInfo | null> {
  try {
    return await container.inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}
