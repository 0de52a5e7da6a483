import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { cassandraParts } from './backup-parts/cassandra-tables.js';
import { couchdbParts } from './backup-parts/couchdb-databases.js';
import { postgresParts } from './backup-parts/postgres-dump.js';
import { projectFileParts } from './backup-parts/project-files.js';
import { readZnodes } from './backup-parts/zookeeper-znodes.js';
import { resolveBackupKey } from '../backup/backup-key.js';
import { verifyArchive, type VerifyReport } from '../backup/verify-archive.js';
import { writeArchive, type ArchivePart } from '../backup/write-archive.js';
import { createCqlClient } from '../clients/cql.js';
import { readSecrets, secretsFilePath } from '../secrets/secrets.js';
import { SECRET_NAMES } from '../secrets/catalog.js';
import { couchClient } from '../seed/couch-http.js';
import { storeTarget } from '../seed/store-targets.js';
import { COUCHDB_ADMIN } from '../services/couchdb/descriptor.js';
import { CASSANDRA_SUPERUSER } from '../services/cassandra/superuser.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { caCertFile } from '../tls/material-plan.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { CommandContext } from './context.js';
import { inspectServices } from './status.js';

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
  const ca = await readFile(caCertFile(config), 'utf8').catch(() => {
    throw new OperationError(`there is no CA certificate at ${caCertFile(config)}`, 'run `rocketctl certs gen` (or `rocketctl up`) first');
  });
  const stack = await inspectServices(context);
  const entry = (name: string) => stack.entries.find((e) => e.spec.name === name);
  const target = (store: 'couchdb' | 'cassandra') =>
    storeTarget(
      store,
      entry(store)?.view,
      { ca, secrets, certsDir: config.certsDir, signal, servername: config.services[store].hostname, progress: () => undefined },
      'rocketctl backup',
    );
  // Every store reachable before anything is written: a backup that fails half-way leaves nothing behind anyway.
  const couch = config.services.couchdb.enabled ? target('couchdb') : null;
  const cassandra = config.services.cassandra.enabled ? target('cassandra') : null;
  const postgres = config.services.postgres.enabled ? entry('postgres') : undefined;
  if (postgres && postgres.view.state !== 'running')
    throw new OperationError(`postgres is ${postgres.view.state} (${postgres.view.detail})`, 'run `rocketctl up postgres`, then back up again');

  async function* parts(): AsyncGenerator<ArchivePart> {
    yield* await projectFileParts(config);
    const znodes = await withZooKeeper(config, { signal }, (zk) => readZnodes(zk));
    yield { name: 'zookeeper/znodes.json', content: Buffer.from(JSON.stringify(znodes)) };
    if (postgres) yield* await postgresParts(postgres, signal);
    if (couch) {
      const call = couchClient(couch, { username: COUCHDB_ADMIN, password: secrets!.get('COUCHDB_ADMIN_PASSWORD') });
      try {
        yield* couchdbParts(call);
      } finally {
        await call.close();
      }
    }
    if (cassandra) {
      const cql = await createCqlClient(cassandra, { username: CASSANDRA_SUPERUSER, password: secrets!.get('CASSANDRA_SUPERUSER_PASSWORD') }, { signal });
      try {
        yield* cassandraParts(cql);
      } finally {
        await cql.close();
      }
    }
  }
  const manifest = await writeArchive(file, parts(), { key, project: config.project, signal });
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
