import type { StackEntry } from '../../docker/stack-view.js';
import { OperationError } from '../../shared/errors.js';
import type { ArchivePart } from '../../backup/write-archive.js';

/**
 * Every database, role (with its stored SCRAM verifier, so old passwords keep working) and grant, as one consistent
 * `pg_dumpall` run inside the container as the superuser; the password comes from the container's own 0600 file,
 * so it is in no command line and no environment the engine records.
 */
export async function postgresPart(entry: StackEntry, signal: AbortSignal): Promise<ArchivePart> {
  const target = entry.probeTarget(signal);
  if (!target) throw new OperationError(`postgres is ${entry.view.state} (${entry.view.detail})`, 'run `rocketctl up postgres`, then back up again');
  const passwordFile = entry.spec.env.POSTGRES_PASSWORD_FILE;
  if (!passwordFile)
    throw new OperationError('postgres: the container names no superuser password file', 'run `rocketctl up postgres` (it recreates the container)');
  const dump = await target.exec(['sh', '-c', 'PGPASSWORD="$(cat "$1")" exec pg_dumpall --username=postgres --no-password', 'pg_dumpall', passwordFile]);
  if (dump.exitCode !== 0 || !dump.stdout.includes('PostgreSQL database cluster dump'))
    throw new OperationError(
      `postgres: pg_dumpall failed (exit ${dump.exitCode}): ${dump.output.trim().split('\n').slice(-3).join(' ')}`,
      '`rocketctl logs postgres` shows the server side',
    );
  return { name: 'postgres/dumpall.sql', content: Buffer.from(dump.stdout, 'utf8') };
}
