import { access } from 'node:fs/promises';
import path from 'node:path';
import { projectFileParts } from './backup-parts/project-files.js';
import { openStackParts } from './backup-parts/stack-parts.js';
import { resolveBackupKey } from '../backup/backup-key.js';
import { verifyArchive, type VerifyReport } from '../backup/verify-archive.js';
import { writeArchive, type ArchivePart } from '../backup/write-archive.js';
import { readSecrets, secretsFilePath } from '../secrets/secrets.js';
import { SECRET_NAMES } from '../secrets/catalog.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { runStep } from '../shared/progress.js';
import type { CommandContext } from './context.js';

export interface BackupOptions {
  /** The archive to write; by default `<project>-<UTC time>.rocketctl-backup` in the current folder. */
  out?: string;
  keyFile?: string;
  now?: () => Date;
}

export interface BackupSummary {
  file: string;
  parts: { name: string; bytes: number }[];
  bytes: number;
  seconds: number;
  /** Secrets set from the environment: their values are not in the secrets file, so not in the archive. */
  fromEnvironment: string[];
}

/**
 * `rocketctl backup`: while the stack runs, one encrypted archive (src/backup/archive-format.ts) of what cannot be
 * made again: the secrets file and retired observer keys, the certificates folder, ZooKeeper's SCRAM credentials,
 * topic settings, ACLs and audit ledger, a pg_dumpall, every CouchDB database and the project's _users entries, and
 * the Cassandra keyspaces. Everything is checked before the first byte is written (key, target file, stores up).
 */
export async function backup(context: CommandContext, options: BackupOptions = {}): Promise<BackupSummary> {
  const { config, signal } = context;
  const started = Date.now();
  const key = await resolveBackupKey({ env: context.env, ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}) });
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const file = path.resolve(options.out ?? `${config.project}-${stamp}.rocketctl-backup`);
  if (
    await access(file).then(
      () => true,
      () => false,
    )
  )
    throw new UsageError(`${file} exists already`, 'give the archive a new name (--out): a backup never overwrites another');
  const secrets = await readSecrets(config.stateDir, { env: context.env });
  if (!secrets) throw new OperationError(`there is no secrets file at ${secretsFilePath(config.stateDir)}: nothing to back up`, 'run `rocketctl up` first');
  const storeParts = await openStackParts(context, secrets, 'rocketctl backup');
  async function* parts(): AsyncGenerator<ArchivePart> {
    yield* await projectFileParts(config);
    yield* storeParts();
  }
  const manifest = await runStep(`backup of ${config.project} → ${file}`, async (report) => {
    let count = 0;
    async function* announced(): AsyncGenerator<ArchivePart> {
      for await (const part of parts()) {
        report(`part ${++count}: ${part.name}`);
        yield part;
      }
    }
    return writeArchive(file, announced(), { key, project: config.project, signal });
  });
  const listed = manifest.parts.map((part) => ({ name: part.name, bytes: part.bytes }));
  return {
    file,
    parts: listed,
    bytes: listed.reduce((sum, part) => sum + part.bytes, 0),
    seconds: (Date.now() - started) / 1000,
    fromEnvironment: SECRET_NAMES.filter((name) => secrets.source(name) !== secretsFilePath(config.stateDir)),
  };
}

/** `rocketctl backup verify FILE`: every part's records and digest, and the key, without restoring anything. */
export async function backupVerify(context: CommandContext, file: string, options: { keyFile?: string } = {}): Promise<VerifyReport> {
  const key = await resolveBackupKey({ env: context.env, ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}) });
  return verifyArchive(path.resolve(file), key, { signal: context.signal });
}
