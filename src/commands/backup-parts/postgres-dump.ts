import type { StackEntry } from '../../docker/stack-view.js';
import { OperationError } from '../../shared/errors.js';
import type { ArchivePart } from '../../backup/write-archive.js';

type Exec = (command: string[]) => Promise<{ exitCode: number; output: string; stdout: string }>;

/** Runs a Postgres client tool inside the container as the superuser, its password from the container's own 0600 file. */
const asSuperuser = (exec: Exec, passwordFile: string, tool: string[]) =>
  exec(['sh', '-c', 'f="$1"; shift; PGPASSWORD="$(cat "$f")" exec "$@"', 'postgres-client', passwordFile, ...tool, '--username=postgres', '--no-password']);

/**
 * The roles (with their stored SCRAM verifiers) as `pg_dumpall --globals-only`, then each database that takes
 * connections as its own `pg_dump --clean --if-exists --inserts` (schema, rows, grants: plain SQL that a client can
 * replay into a seeded server, no COPY). Run inside the container, so the password is in no command line and no
 * environment the engine records.
 */
export async function postgresParts(entry: StackEntry, signal: AbortSignal): Promise<ArchivePart[]> {
  const target = entry.probeTarget(signal);
  if (!target) throw new OperationError(`postgres is ${entry.view.state} (${entry.view.detail})`, 'run `rocketctl up postgres`, then back up again');
  const passwordFile = entry.spec.env.POSTGRES_PASSWORD_FILE;
  if (!passwordFile)
    throw new OperationError('postgres: the container names no superuser password file', 'run `rocketctl up postgres` (it recreates the container)');
  const run = async (what: string, tool: string[]) => {
    const result = await asSuperuser(target.exec, passwordFile, tool);
    if (result.exitCode !== 0)
      throw new OperationError(
        `postgres: ${what} failed (exit ${result.exitCode}): ${result.output.trim().split('\n').slice(-3).join(' ')}`,
        '`rocketctl logs postgres` shows the server side',
      );
    return result.stdout;
  };
  const globals = await run('pg_dumpall --globals-only', ['pg_dumpall', '--globals-only']);
  const list = await run('listing the databases', [
    'psql',
    '--dbname=postgres',
    '--no-align',
    '--tuples-only',
    '--command=SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1',
  ]);
  const databases = list
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const parts: ArchivePart[] = [{ name: 'postgres/globals.sql', content: Buffer.from(globals, 'utf8') }];
  for (const database of databases) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(database))
      throw new OperationError(
        `postgres: database name ${JSON.stringify(database)} cannot name an archive part`,
        'rename it, or back it up with pg_dump yourself',
      );
    const dump = await run(`pg_dump of ${database}`, ['pg_dump', `--dbname=${database}`, '--clean', '--if-exists', '--inserts']);
    parts.push({ name: `postgres/databases/${database}.sql`, content: Buffer.from(dump, 'utf8') });
  }
  return parts;
}
