import { retry } from '../../src/shared/retry.js';
import { execa, type ResultPromise } from 'execa';
import { chown, copyFile, mkdtemp, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { freePort } from './free-port.js';
import { acceptsConnection } from './tcp-accepts.js';
import path from 'node:path';

const FIX = "install Debian's PostgreSQL server: apt-get install -y postgresql-15";

export interface HostPostgres {
  port: number;
  superuserPassword: string;
  stop(): Promise<void>;
}

/**
 * Debian's own PostgreSQL server, run from a temporary data directory with the given TLS files:
 * TLS + SCRAM only (pg_hba `hostssl … scram-sha-256`), listening on 127.0.0.1.
 */
export async function startHostPostgres(tlsFiles: { cert: string; key: string; ca: string }): Promise<HostPostgres> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-pg-'));
  const { uid, gid } = await postgresUser();
  const data = path.join(dir, 'data');
  const superuserPassword = randomBytes(18).toString('base64url');
  await writeFile(path.join(dir, 'pw'), superuserPassword);
  // Postgres refuses a key that is not owned by its own user with mode 0600 (postgres: src/backend/libpq/be-secure-common.c `check_ssl_key_file`).
  for (const [from, to] of [
    [tlsFiles.cert, 'server.crt'],
    [tlsFiles.key, 'server.key'],
    [tlsFiles.ca, 'root.crt'],
  ] as const) {
    await copyFile(from, path.join(dir, to));
    await chmod(path.join(dir, to), 0o600);
  }
  await chownTree(dir, uid, gid);
  const asPostgres = (command: string, args: string[]) =>
    execa('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', path.join(bin, command), ...args], { cwd: dir });
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`]);
  await writeFile(path.join(data, 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n');
  const port = await freePort();
  const server: ResultPromise = asPostgres('postgres', [
    '-D',
    data,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `port=${port}`,
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'ssl=on',
    '-c',
    `ssl_cert_file=${dir}/server.crt`,
    '-c',
    `ssl_key_file=${dir}/server.key`,
    '-c',
    `ssl_ca_file=${dir}/root.crt`,
    '-c',
    'ssl_min_protocol_version=TLSv1.3',
    '-c',
    'password_encryption=scram-sha-256',
  ]);
  server.catch(() => undefined);
  await waitForPort(port, server);
  // An open port is not a server that takes logins: until recovery ends it answers 57P03 ("starting up").
  await retry(() => execa(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '2']), { timeoutMs: 30_000, intervalMs: 100 });
  return {
    port,
    superuserPassword,
    stop: async () => {
      server.kill('SIGINT');
      await server.catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBinDir(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`prerequisite missing: no PostgreSQL server under /usr/lib/postgresql. Fix: ${FIX}`);
  return path.join('/usr/lib/postgresql', newest, 'bin');
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout, exitCode } = await execa('id', ['-u', 'postgres'], { reject: false });
  if (exitCode !== 0) throw new Error(`prerequisite missing: no "postgres" user. Fix: ${FIX}`);
  const gid = (await execa('id', ['-g', 'postgres'])).stdout;
  return { uid: Number(stdout), gid: Number(gid) };
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir)) await chown(path.join(dir, entry), uid, gid);
}

class ServerExited extends Error {}

async function waitForPort(port: number, server: ResultPromise): Promise<void> {
  let exited = false;
  void server.finally(() => (exited = true));
  await retry(
    async () => {
      if (exited)
        throw new ServerExited(`postgres exited during start:\n${String((await server.catch((e: { all?: string; stderr?: string }) => e)).stderr ?? '')}`);
      if (!(await acceptsConnection('127.0.0.1', port))) throw new Error('postgres did not listen within 30 s');
    },
    { timeoutMs: 30_000, intervalMs: 100, retryOn: (error) => !(error instanceof ServerExited), onGiveUp: (error) => error as Error },
  );
}
