import type Docker from 'dockerode';
import type { ServiceSpec } from '../services/spec.js';
import { OperationError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { tarFiles } from './archive.js';
import { createOptions, specHash, type ImageStart, type StackContext } from './create-options.js';
import { isNotFound, type Engine } from './engine.js';
import { ensureImage } from './ensure-image.js';
import { LABEL } from './labels.js';
import { ensureVolume } from './network-and-volumes.js';
import { stopAndRemove } from './remove-container.js';
import { materializeFiles } from './spec-files.js';

export type ContainerAction = 'kept' | 'started' | 'created' | 'recreated';

const NEVER_STARTED = '0001-01-01T00:00:00Z';
const COPY_TIMEOUT_MS = 30_000;
const CLEANUP_TIMEOUT_MS = 10_000;

/** Whether the engine ever started the container (false when it cannot tell: then it is removed as half-made). */
const everStarted = (container: Docker.Container): Promise<boolean> =>
  container.inspect({ abortSignal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) } as object).then(
    (info) => info.State.StartedAt !== NEVER_STARTED,
    () => false,
  );

/**
 * Reuse by hash (as testcontainers does): a container whose spec-hash label matches is kept (or started);
 * one whose spec changed is replaced; only then is anything created. Files are copied in before the
 * first start, and a container that never got that far is removed rather than trusted.
 */
export async function ensureContainer(
  engine: Engine,
  spec: ServiceSpec,
  stack: StackContext,
  options: { log: Logger; onProgress?: (line: string) => void },
): Promise<{ container: Docker.Container; action: ContainerAction }> {
  await ensureImage(engine, spec.image, options);
  const files = await materializeFiles(spec);
  const create = createOptions(spec, stack, await imageStart(engine, spec.image));
  const hash = specHash(create, files, spec.fileOwner);
  const name = create.name!;
  const handle = engine.docker.getContainer(name);
  const existing = await inspectOrNull(engine, handle);
  if (existing) {
    if (existing.Config.Labels?.[LABEL.project] !== stack.project) {
      throw new OperationError(
        `a container named ${name} exists but was not made by rocketctl for project ${stack.project}`,
        `remove or rename it (docker rm -f ${name}), or set a different project in the config`,
      );
    }
    const current = existing.Config.Labels[LABEL.specHash] === hash && existing.State.StartedAt !== NEVER_STARTED;
    if (current) {
      if (existing.State.Running) return { container: handle, action: 'kept' };
      await engine.call(`start ${name}`, (abortSignal) => handle.start({ abortSignal }));
      return { container: handle, action: 'started' };
    }
    options.log.debug(`${name}: spec changed (${existing.Config.Labels[LABEL.specHash]} → ${hash}), recreating`);
    await stopAndRemove(engine, handle);
  }
  if (spec.dataDir) await ensureVolume(engine, stack.project, spec.name);
  const container = await engine.call(`create ${name}`, (abortSignal) =>
    engine.docker.createContainer({ ...create, Labels: { ...create.Labels, [LABEL.specHash]: hash }, abortSignal }),
  );
  try {
    if (files.length > 0) {
      const archive = await tarFiles(files, spec.fileOwner);
      await engine.call(`copy files into ${name}`, (abortSignal) => container.putArchive(archive, { path: '/', abortSignal }), COPY_TIMEOUT_MS);
    }
    await engine.call(`start ${name}`, (abortSignal) => container.start({ abortSignal }));
  } catch (error) {
    // Half-made (never started): remove it so the next `up` creates it whole instead of trusting its label. One the
    // engine did start (the start call was cut off after the daemon acted, e.g. by Ctrl-C) is whole and is left to
    // run: killing it could cut a first initialisation half-way (Postgres' initdb), leaving a volume that never
    // starts again. Neither step is bound to the (maybe aborted) command signal: each has its own deadline.
    if (!(await everStarted(container)))
      await container.remove({ force: true, abortSignal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) } as object).catch(() => undefined);
    throw error;
  }
  return { container, action: existing ? 'recreated' : 'created' };
}

export async function imageStart(engine: Engine, image: string): Promise<ImageStart> {
  const { Config } = await engine.call(`inspect image ${image}`, (abortSignal) => engine.docker.getImage(image).inspect({ abortSignal } as object));
  const list = (value: string | string[] | null | undefined) => (value == null ? [] : Array.isArray(value) ? value : [value]);
  return { entrypoint: list(Config.Entrypoint), cmd: list(Config.Cmd) };
}

export async function inspectOrNull(engine: Engine, container: Docker.Container): Promise<Docker.ContainerInspectInfo | null> {
  try {
    return await engine.call(`inspect ${container.id}`, (abortSignal) => container.inspect({ abortSignal }));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
