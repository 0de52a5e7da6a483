import { readFile } from 'node:fs/promises';
import { createCqlClient } from '../../clients/cql.js';
import type { Secrets } from '../../secrets/secrets.js';
import { couchClient } from '../../seed/couch-http.js';
import { storeTarget } from '../../seed/store-targets.js';
import { CASSANDRA_SUPERUSER } from '../../services/cassandra/superuser.js';
import { COUCHDB_ADMIN } from '../../services/couchdb/descriptor.js';
import { OperationError } from '../../shared/errors.js';
import { caCertFile } from '../../tls/material-plan.js';
import { withZooKeeper } from '../../zookeeper/with-zookeeper.js';
import type { ArchivePart } from '../../backup/write-archive.js';
import type { CommandContext } from '../context.js';
import { inspectServices } from '../status.js';
import { cassandraParts } from './cassandra-tables.js';
import { couchdbParts } from './couchdb-databases.js';
import { postgresParts } from './postgres-dump.js';
import { readZnodes } from './zookeeper-znodes.js';

/**
 * What the running stack's stores hold, as archive parts: ZooKeeper's znodes, Postgres, CouchDB, Cassandra (the
 * project's files are not among them). Every enabled store is found reachable when this resolves, before a part is
 * read: `backup` writes them into an archive, `drill` reads them from the live stack and from the restored one.
 */
export async function openStackParts(context: CommandContext, secrets: Secrets, who: string): Promise<() => AsyncGenerator<ArchivePart>> {
  const { config, signal } = context;
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
      who,
    );
  const couch = config.services.couchdb.enabled ? target('couchdb') : null;
  const cassandra = config.services.cassandra.enabled ? target('cassandra') : null;
  const postgres = config.services.postgres.enabled ? entry('postgres') : undefined;
  if (postgres && postgres.view.state !== 'running')
    throw new OperationError(`postgres is ${postgres.view.state} (${postgres.view.detail})`, 'run `rocketctl up postgres`, then try again');

  return async function* parts(): AsyncGenerator<ArchivePart> {
    const znodes = await withZooKeeper(config, { signal }, (zk) => readZnodes(zk));
    yield { name: 'zookeeper/znodes.json', content: Buffer.from(JSON.stringify(znodes)) };
    if (postgres) yield* await postgresParts(postgres, signal);
    if (couch) {
      const call = couchClient(couch, { username: COUCHDB_ADMIN, password: secrets.get('COUCHDB_ADMIN_PASSWORD') });
      try {
        yield* couchdbParts(call);
      } finally {
        await call.close();
      }
    }
    if (cassandra) {
      const cql = await createCqlClient(cassandra, { username: CASSANDRA_SUPERUSER, password: secrets.get('CASSANDRA_SUPERUSER_PASSWORD') }, { signal });
      try {
        yield* cassandraParts(cql);
      } finally {
        await cql.close();
      }
    }
  };
}
