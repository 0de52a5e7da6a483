import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { resolveBackupKey } from '../backup/backup-key.js';
import { assertVerified, verifyArchive } from '../backup/verify-archive.js';
import { withArchive } from '../backup/with-archive.js';
import type { ArchivePart } from '../backup/write-archive.js';
import { compareFingerprints, fingerprintPart, isFingerprinted, type DrillRow, type Fingerprint } from './drill-parts/fingerprint.js';
import { assertDrillPortsFree, DEFAULT_DRILL_PORT_OFFSET, drillConfig, drillLockFile } from './drill-parts/drill-project.js';
import { readSecrets } from '../secrets/secrets.js';
import { acquireFileLock } from '../shared/file-lock.js';
import { OperationError, RocketError, UsageError } from '../shared/errors.js';
import { openStackParts } from './backup-parts/stack-parts.js';
import type { CommandContext } from './context.js';
import { down } from './down.js';
import { projectContents, restore } from './restore.js';

export interface DrillOptions {
  keyFile?: string;
  portOffset?: number;
  /** Leave the throwaway project running (to look at it); `rocketctl drill --clean` (or the next drill) removes it. */
  keep?: boolean;
}

export interface DrillReport {
  ok: boolean;
  file: string;
  /** The throwaway project and how far its ports were moved. */
  project: string;
  portOffset: number;
  restoreSeconds: number;
  checklistOk: boolean;
  rows: DrillRow[];
  /** Why the live stack is not compared (it is not running here, say), or null. */
  liveSkipped: string | null;
  kept: boolean;
  seconds: number;
}

/**
 * `rocketctl drill FILE`: proves an archive restores. Verifies it, restores it into a throwaway project (its own name,
 * folders and ports, no workers) with the same code `restore` runs, then reads the restored stores back as `backup`
 * would and compares counts and digests per table, database, keyspace table and znode tree with the archive; the
 * live stack's figures are shown beside them. The throwaway project is removed at the end, whatever happened.
 */
export async function drill(context: CommandContext, file: string, options: DrillOptions = {}): Promise<DrillReport> {
  const { config, signal, log } = context;
  const started = Date.now();
  const archive = path.resolve(file);
  const offset = options.portOffset ?? DEFAULT_DRILL_PORT_OFFSET;
  if (!Number.isInteger(offset) || offset === 0)
    throw new UsageError(`--port-offset ${String(options.portOffset)} is not a non-zero whole number`, 'give e.g. --port-offset 100');
  if (config.engine.kind !== 'docker')
    throw new UsageError(`a drill runs on one Docker host; this project runs on ${config.engine.kind}`, 'copy the archive to a Docker host and drill there');
  const key = await resolveBackupKey({ env: context.env, ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}) });
  assertVerified(await verifyArchive(archive, key, { signal }));
  const target = drillConfig(config, offset);
  const drillContext: CommandContext = { ...context, config: target };
  await assertDrillPortsFree(target, offset);

  // The live stack is read at the end, but found reachable now; a drill on another machine compares with the archive only.
  const liveSecrets = await readSecrets(config.stateDir, { env: context.env });
  let liveParts: (() => AsyncGenerator<ArchivePart>) | null = null;
  let liveSkipped: string | null = null;
  try {
    if (!liveSecrets) throw new OperationError('there is no secrets file here', 'run the drill where the live project is');
    liveParts = await openStackParts(context, liveSecrets, 'rocketctl drill');
  } catch (error) {
    if (!(error instanceof RocketError)) throw error;
    liveSkipped = error.message;
    log.warn(`drill: the live stack is not compared: ${error.message}`);
  }

  const release = await acquireFileLock(drillLockFile(config), {
    what: `the drill of project ${config.project}`,
    command: `rocketctl drill ${file}`,
    waitMs: 0,
    signal,
  });
  let kept = false;
  try {
    await removeDrill(drillContext, 'what an earlier drill left');
    await mkdir(target.root, { mode: 0o700 });
    const restored = await restore(drillContext, archive, options.keyFile !== undefined ? { keyFile: options.keyFile } : {});
    const fromArchive = await withArchive(archive, key, signal, async (part, names) => {
      const prints: Fingerprint[] = [];
      for (const name of names.filter(isFingerprinted)) prints.push(...fingerprintPart(name, (await part(name)).toString('utf8')));
      return prints;
    });
    const restoredSecrets = (await readSecrets(target.stateDir, { env: context.env }))!;
    const fromRestored = await fingerprints(await openStackParts(drillContext, restoredSecrets, 'rocketctl drill'));
    const fromLive = liveParts ? await fingerprints(liveParts) : [];
    const rows = compareFingerprints(fromArchive, fromRestored, fromLive);
    kept = options.keep === true;
    return {
      ok: restored.checklist.ok && rows.every((row) => row.same) && rows.length > 0,
      file: archive,
      project: target.project,
      portOffset: offset,
      restoreSeconds: restored.seconds,
      checklistOk: restored.checklist.ok,
      rows,
      liveSkipped,
      kept,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    // Removed even after Ctrl-C or SIGTERM: on a signal of its own, with a deadline, since the run's is aborted then.
    if (!kept)
      await removeDrill({ ...drillContext, signal: AbortSignal.timeout(CLEANUP_MS) }, 'the throwaway project').catch((error: unknown) =>
        log.warn(`drill: ${(error as Error).message}; run \`rocketctl drill --clean\` to remove what is left`),
      );
    await release();
  }
}

/** The drill's project gone: its containers, network and volumes (found by its own label), and its folder. */
export async function removeDrill(context: CommandContext, what: string): Promise<void> {
  const { config, log } = context;
  const folder = await stat(drillRootOf(context)).then(
    () => true,
    () => false,
  );
  if (!folder && (await projectContents(context)).length === 0) return;
  log.info(`drill: removing ${what} (project ${config.project})`);
  await down(context, { volumes: true, yes: true });
  await rm(drillRootOf(context), { recursive: true, force: true });
}

/** The drill's config has its own root, under the system's temporary folder (drill-project.ts). */
const drillRootOf = (context: CommandContext) => context.config.root;
const CLEANUP_MS = 120_000;

async function fingerprints(parts: () => AsyncGenerator<ArchivePart>): Promise<Fingerprint[]> {
  const prints: Fingerprint[] = [];
  for await (const part of parts()) prints.push(...fingerprintPart(part.name, await partText(part.content)));
  return prints;
}

const partText = (content: ArchivePart['content']): Promise<string> =>
  content instanceof Uint8Array ? Promise.resolve(Buffer.from(content).toString('utf8')) : text(content as AsyncIterable<Uint8Array | string>);

/** `rocketctl drill --clean`: what a drill left (after --keep, or a kill) removed; nothing to do is fine. */
export async function cleanDrill(context: CommandContext): Promise<void> {
  const release = await acquireFileLock(drillLockFile(context.config), {
    what: `the drill of project ${context.config.project}`,
    command: 'rocketctl drill --clean',
    waitMs: 0,
    signal: context.signal,
  });
  try {
    await removeDrill({ ...context, config: drillConfig(context.config, DEFAULT_DRILL_PORT_OFFSET) }, 'what a drill left');
  } finally {
    await release();
  }
}
