import type cassandra from 'cassandra-driver';
import { generateSecretValue } from '../secrets/secret-value.js';
import { OperationError } from '../shared/errors.js';
import { sleep } from '../shared/sleep.js';
import { cqlLiteral, isAuthenticationFailure, openCqlSession, type CqlCredentials } from './cql-session.js';
import type { StoreTarget } from './store-target.js';

export const CASSANDRA_SUPERUSER = 'rocketctl_admin';
const BOOTSTRAP: CqlCredentials = { username: 'cassandra', password: 'cassandra' };
// CassandraRoleManager creates cassandra/cassandra ~10 s after start (formats.md §6), after the CQL port opens.
const BOOTSTRAP_WAIT_MS = 45_000;

/**
 * A session as the generated superuser. Only while it does not exist yet is the bootstrap `cassandra` role
 * used, to create it; the bootstrap role is then disabled for good (no login, no superuser, a random password).
 */
export async function superuserSession(target: StoreTarget): Promise<cassandra.Client> {
  const superuser = { username: CASSANDRA_SUPERUSER, password: target.secrets.get('CASSANDRA_SUPERUSER_PASSWORD') };
  const deadline = Date.now() + BOOTSTRAP_WAIT_MS;
  for (;;) {
    const session = await openOrNull(target, superuser);
    if (session) {
      await disableBootstrapRole(session);
      return session;
    }
    const bootstrap = await openOrNull(target, BOOTSTRAP);
    if (bootstrap) {
      target.progress(`creating superuser ${CASSANDRA_SUPERUSER} (once, as the bootstrap role)`);
      await bootstrap
        .execute(`CREATE ROLE IF NOT EXISTS ${CASSANDRA_SUPERUSER} WITH PASSWORD = ${cqlLiteral(superuser.password)} AND SUPERUSER = true AND LOGIN = true`)
        .finally(() => bootstrap.shutdown());
      continue;
    }
    if (Date.now() > deadline) {
      throw new OperationError(
        `cassandra: neither ${CASSANDRA_SUPERUSER} (password from ${target.secrets.source('CASSANDRA_SUPERUSER_PASSWORD')}) nor the bootstrap cassandra/cassandra may log in`,
        `if this store was seeded with another CASSANDRA_SUPERUSER_PASSWORD, put that value back (secrets file or ROCKETCTL_CASSANDRA_SUPERUSER_PASSWORD); otherwise check \`rocketctl logs cassandra\` and run \`rocketctl seed\` again`,
      );
    }
    target.progress("waiting for Cassandra's bootstrap role (it appears ~10 s after start)");
    await sleep(2000, target.signal);
  }
}

// Must run as another superuser: a role may not change its own superuser status.
async function disableBootstrapRole(session: cassandra.Client): Promise<void> {
  const row = (await session.execute("SELECT can_login, is_superuser FROM system_auth.roles WHERE role = 'cassandra'")).first();
  if (!row || (!row.get('can_login') && !row.get('is_superuser'))) return;
  await session.execute(`ALTER ROLE cassandra WITH PASSWORD = ${cqlLiteral(generateSecretValue())} AND SUPERUSER = false AND LOGIN = false`);
}

async function openOrNull(target: StoreTarget, credentials: CqlCredentials): Promise<cassandra.Client | null> {
  try {
    return await openCqlSession(target, credentials);
  } catch (error) {
    if (isAuthenticationFailure(error)) return null;
    throw error;
  }
}
