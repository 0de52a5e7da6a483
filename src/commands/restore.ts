import { access, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { resolveBackupKey } from '../backup/backup-key.js';
import { assertVerified, verifyArchive } from '../backup/verify-archive.js';
import { withArchive } from '../backup/with-archive.js';
import type { ChecklistReport } from '../checklist/report.js';
import { createCqlClient } from '../clients/cql.js';
import { readSecrets, secretsFilePath } from '../secrets/secrets.js';
import { couchClient } from '../seed/couch-http.js';
import { storeTarget } from '../seed/store-targets.js';
import { CASSANDRA_SUPERUSER } from '../services/cassandra/superuser.js';
import { COUCHDB_ADMIN } from '../services/couchdb/descriptor.js';
import { ZOOKEEPER_PEERS } from '../services/zookeeper/peers.js';
import { UsageError } from '../shared/errors.js';
import { runStep } from '../shared/progress.js';
import { caCertFile } from '../tls/material-plan.js';
import { retiredKeysPath } from '../workers/observer/keyring.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { ZnodeCopy } from './backup-parts/zookeeper-znodes.js';
import { checklist } from './checklist.js';
import type { CommandContext } from './context.js';
import { down } from './down.js';
import { openStack } from './open-stack.js';
import { loadCassandraTable } from './restore-parts/cassandra-tables.js';
import { loadCouchDatabase, loadCouchUsers, ndjson } from './restore-parts/couchdb-databases.js';
import { loadPostgresDatabase } from './restore-parts/postgres-databases.js';
import { extractFolder, writePrivateFile } from './restore-parts/project-files.js';
import { writeZnodes } from './restore-parts/zookeeper-znodes.js';
import { seed } from './seed.js';
import { memberShapes } from './stack-members.js';
import { inspectServices } from './status.js';
import { up } from './up.js';

export interface RestoreSummary {
  file: string;
  parts: number;
  /** What was loaded into each store, by part. */
  loaded: { part: string; items: number }[];
  checklist: ChecklistReport;
  /** With --force onto a project that held something: where its secrets, certificates and workers' state were moved. */
  replaced: string | null;
  seconds: number;
}

const REQUIRED_PARTS = ['state/secrets.env', 'certs/certs.tar', 'zookeeper/znodes.json'];

/**
 * `rocketctl restore FILE`, into an empty project only: the whole archive is verified and the project found empty
 * (no secrets file, no certificates, no container, no data volume) before anything is written. Then the secrets and
 * certificates go back, ZooKeeper comes up and gets its znodes (SCRAM credentials, topic settings, ACLs, audit
 * ledger) before Kafka starts, the rest of the stack comes up, CouchDB is loaded, everything is seeded with the same
 * passwords, Postgres and Cassandra are loaded, and `checklist --resume` ends it. The listener starts on a new volume,
 * from sequence 0: the guard feed is re-derived from CouchDB rather than copied.
 */
export async function restore(context: CommandContext, file: string, options: { keyFile?: string; force?: boolean } = {}): Promise<RestoreSummary> {
  const { config, signal } = context;
  const started = Date.now();
  const archive = path.resolve(file);
  const key = await resolveBackupKey({ env: context.env, ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}) });
  const report = await verifyArchive(archive, key, { signal });
  assertVerified(report);
  const names = report.parts.map((part) => part.name);
  const missing = REQUIRED_PARTS.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new UsageError(`${archive} lacks ${missing.join(', ')}`, 'give an archive written by `rocketctl backup`');
  const found = await projectContents(context);
  const replaced = found.length > 0 && options.force ? await clearProject(context, new Date()) : null;
  if (!replaced) refuseUnlessEmpty(context, found);

  return withArchive(archive, key, signal, async (part) => {
    const loaded: RestoreSummary['loaded'] = [];
    // 1. What every later step needs: the secrets (same passwords) and the certificates (same CA).
    await writePrivateFile(secretsFilePath(config.stateDir), await part('state/secrets.env'));
    if (names.includes('state/observer-retired-keys.env'))
      await writePrivateFile(retiredKeysPath(config.stateDir), await part('state/observer-retired-keys.env'));
    loaded.push({ part: 'certs/certs.tar', items: await extractFolder(await part('certs/certs.tar'), config.certsDir) });

    // 2. ZooKeeper, and its znodes before Kafka reads them.
    const peers = ZOOKEEPER_PEERS.filter((peer) => config.services[peer].enabled);
    await up(context, { services: [...peers] });
    const znodes = JSON.parse((await part('zookeeper/znodes.json')).toString('utf8')) as ZnodeCopy[];
    const written = await withZooKeeper(config, { signal }, (zk) => writeZnodes(zk, znodes));
    loaded.push({ part: 'zookeeper/znodes.json', items: written.created + written.updated });

    // 3. The rest of the stack, then the stores' contents.
    await up(context);
    const secrets = (await readSecrets(config.stateDir, { env: context.env }))!;
    const ca = await readFile(caCertFile(config), 'utf8');
    const stack = await inspectServices(context);
    const target = (store: 'couchdb' | 'cassandra' | 'postgres') =>
      storeTarget(
        store,
        stack.entries.find((e) => e.spec.name === store)?.view,
        { ca, secrets, certsDir: config.certsDir, signal, servername: config.services[store].hostname, progress: () => undefined },
        'rocketctl restore',
      );
    if (config.services.couchdb.enabled)
      await runStep('CouchDB: databases and users from the archive', async (report) => {
        const couch = couchClient(target('couchdb'), { username: COUCHDB_ADMIN, password: secrets.get('COUCHDB_ADMIN_PASSWORD') });
        try {
          for (const name of names.filter((n) => n.startsWith('couchdb/databases/'))) {
            report(name);
            loaded.push({ part: name, items: await loadCouchDatabase(couch, ndjson((await part(name)).toString('utf8'))) });
          }
          if (names.includes('couchdb/users.ndjson')) {
            const users = ndjson((await part('couchdb/users.ndjson')).toString('utf8'));
            await loadCouchUsers(couch, users);
            loaded.push({ part: 'couchdb/users.ndjson', items: users.length });
          }
        } finally {
          await couch.close();
        }
      });
    // Seeded with the restored secrets only now: CouchDB's users, access rules and migration ledger are back already,
    // so seed finds them as it made them and writes nothing there (seeded first, it would make a new ledger and new
    // user revisions that the archived ones could only join as conflicts). Postgres and Cassandra need its roles and
    // schemas before their rows.
    await seed(context);
    if (config.services.postgres.enabled)
      await runStep('Postgres: each database replayed from the archive', async (report) => {
        const { host, port, servername } = target('postgres');
        const superuser = { host, port, servername, ca, user: 'postgres', password: secrets.get('POSTGRES_SUPERUSER_PASSWORD') };
        for (const name of names.filter((n) => n.startsWith('postgres/databases/'))) {
          const database = path.basename(name, '.sql');
          report(name);
          await loadPostgresDatabase(superuser, database, (await part(name)).toString('utf8'), signal);
          loaded.push({ part: name, items: 1 });
        }
      });
    if (config.services.cassandra.enabled)
      await runStep('Cassandra: each table from the archive', async (report) => {
        const cql = await createCqlClient(
          target('cassandra'),
          { username: CASSANDRA_SUPERUSER, password: secrets.get('CASSANDRA_SUPERUSER_PASSWORD') },
          { signal },
        );
        try {
          for (const name of names.filter((n) => n.startsWith('cassandra/'))) {
            report(name);
            loaded.push({ part: name, items: await loadCassandraTable(cql, (await part(name)).toString('utf8')) });
          }
        } finally {
          await cql.close();
        }
      });

    // 5. Everything judged, and repaired where a step is not green (the workers reconnect, the feed is re-derived).
    const result = await checklist(context, { resume: true });
    return { file: archive, parts: names.length, loaded, checklist: result, replaced, seconds: (Date.now() - started) / 1000 };
  });
}

/** What a project holds that a restore would mix with the archive's: its secrets file, certificates, containers, data volumes. */
export async function projectContents(context: CommandContext): Promise<string[]> {
  const { config } = context;
  const found: string[] = [];
  if (
    await access(secretsFilePath(config.stateDir)).then(
      () => true,
      () => false,
    )
  )
    found.push(`a secrets file (${secretsFilePath(config.stateDir)})`);
  const certs = await readdir(config.certsDir).catch(() => []);
  if (certs.length > 0) found.push(`certificates (${config.certsDir})`);
  const stack = await openStack(context);
  const entries = await stack.inspect(memberShapes(config));
  const containers = entries.filter((e) => e.view.state !== 'missing').map((e) => e.view.name);
  if (containers.length > 0) found.push(`containers (${containers.join(', ')})`);
  const volumes = await stack.dataVolumes();
  if (volumes.length > 0) found.push(`data volumes (${volumes.join(', ')})`);
  return found;
}

/**
 * `--force`: the project made empty for the restore. The containers and data volumes are removed (their data is what
 * the archive replaces); the state folder's files (the lock aside), the certificates and the workers' folder are
 * moved, not deleted, to `<stateDir>-replaced-<UTC time>/`, so the secrets and CA that went with the removed data are
 * still at hand if the archive turns out to be the wrong one.
 */
async function clearProject(context: CommandContext, now: Date): Promise<string> {
  const { config, log } = context;
  await down(context, { volumes: true, yes: true });
  const aside = `${config.stateDir}-replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
  await mkdir(aside, { mode: 0o700 });
  const move = async (from: string, name: string) => {
    await rename(from, path.join(aside, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  };
  for (const name of await readdir(config.stateDir).catch(() => [] as string[]))
    if (name !== 'lock' && !name.startsWith('lock.')) await move(path.join(config.stateDir, name), name);
  if (!isInside(config.certsDir, config.stateDir)) await move(config.certsDir, 'certs');
  if (!isInside(config.workersDir, config.stateDir)) await move(config.workersDir, 'workers');
  log.warn(`restore --force: containers and data volumes of ${config.project} removed; its secrets, certificates and workers' state moved to ${aside}`);
  return aside;
}

const isInside = (child: string, parent: string) => !path.relative(parent, child).startsWith('..') && !path.isAbsolute(path.relative(parent, child));

/** Exit 2 naming everything that is there: a restore never mixes an archive with what a project already holds. */
function refuseUnlessEmpty(context: CommandContext, found: string[]): void {
  const { config } = context;
  if (found.length > 0)
    throw new UsageError(
      `project ${config.project} is not empty: ${found.join('; ')}; nothing was changed`,
      'restore into an empty project (`rocketctl down --volumes --yes`, then move .rocketctl/ and certs/ away), or give --force: it removes the containers and data volumes and moves the rest aside',
    );
}
