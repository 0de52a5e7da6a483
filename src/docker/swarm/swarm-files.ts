import { createHash } from 'node:crypto';
import path from 'node:path';
import type { MemberName } from '../../workers/descriptors.js';
import type { Engine } from '../engine.js';
import { LABEL, projectFilter } from '../labels.js';
import type { MaterializedFile } from '../spec-files.js';
import type { SwarmFileRef } from './service-options.js';

const FILE_LABEL = 'org.rocketctl.file';

/** A file only its owner may read (keys, stores, files holding passwords) travels as a Swarm secret; the rest as a config. */
export const swarmFileKind = (mode: number): SwarmFileRef['kind'] => ((mode & 0o077) === 0 ? 'secret' : 'config');

/**
 * Each spec file as a Swarm secret or config. Both are immutable, so the name carries a hash of the content:
 * an unchanged file is reused, a changed one (a re-issued certificate) is a new object and the service is
 * updated to it. Secrets are encrypted in the Swarm's raft log and only ever reach the nodes running the task.
 */
export async function ensureSwarmFiles(engine: Engine, project: string, service: MemberName, files: readonly MaterializedFile[]): Promise<SwarmFileRef[]> {
  const refs: SwarmFileRef[] = [];
  for (const file of files) {
    const kind = swarmFileKind(file.mode);
    const digest = createHash('sha256').update(`${file.path}\0${file.mode}\0`).update(file.content).digest('hex').slice(0, 16);
    const name = `${project}-${service}-${digest}`;
    const labels = { [LABEL.project]: project, [LABEL.service]: service, [FILE_LABEL]: path.basename(file.path) };
    const id = (await findId(engine, kind, name)) ?? (await create(engine, kind, { Name: name, Labels: labels, Data: file.content.toString('base64') }));
    refs.push({ kind, id, name, path: file.path, mode: file.mode });
  }
  return refs;
}

async function findId(engine: Engine, kind: SwarmFileRef['kind'], name: string): Promise<string | null> {
  const found = await listSwarmFiles(engine, kind, { name: [name] });
  // The name filter matches prefixes: keep the exact one.
  return found.find((item) => item.Spec?.Name === name)?.ID ?? null;
}

interface SwarmFileInfo {
  ID: string;
  Spec: { Name: string };
}

function listSwarmFiles(engine: Engine, kind: SwarmFileRef['kind'], filters: Record<string, string[]>): Promise<SwarmFileInfo[]> {
  const list = kind === 'secret' ? engine.docker.listSecrets.bind(engine.docker) : engine.docker.listConfigs.bind(engine.docker);
  return engine.call(`list ${kind}s`, (abortSignal) => (list as (options: object) => Promise<unknown>)({ filters, abortSignal }) as Promise<SwarmFileInfo[]>);
}

async function create(engine: Engine, kind: SwarmFileRef['kind'], spec: { Name: string; Labels: Record<string, string>; Data: string }): Promise<string> {
  const created = (await engine.call(`create ${kind} ${spec.Name}`, (abortSignal) =>
    kind === 'secret' ? engine.docker.createSecret({ ...spec, abortSignal } as object) : engine.docker.createConfig({ ...spec, abortSignal } as object),
  )) as { id?: string; ID?: string };
  return created.id ?? created.ID!;
}

/**
 * Removes the project's secrets and configs that `keep` does not name (left by an earlier version of a file).
 * One still mounted by a task that is shutting down is left for the next run: the engine refuses it.
 */
export async function removeStaleSwarmFiles(engine: Engine, project: string, keep: ReadonlySet<string>, service?: MemberName): Promise<string[]> {
  const filters = projectFilter(project, service);
  const removed: string[] = [];
  for (const kind of ['secret', 'config'] as const) {
    const items = await listSwarmFiles(engine, kind, filters);
    for (const item of items.filter((i) => !keep.has(i.Spec.Name))) {
      const handle = kind === 'secret' ? engine.docker.getSecret(item.ID) : engine.docker.getConfig(item.ID);
      const ok = await engine
        .call(`remove ${kind} ${item.Spec.Name}`, (abortSignal) => handle.remove({ abortSignal } as object))
        .then(() => true)
        .catch(() => false);
      if (ok) removed.push(item.Spec.Name);
    }
  }
  return removed;
}
