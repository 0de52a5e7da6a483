import { cqlLiteral, createCqlClient, isAuthenticationFailure, type CqlClient, type CqlCredentials } from '../../clients/cql.js';
import type { StoreTarget } from '../../seed/store-target.js';
import { generateSecretValue } from '../../secrets/secret-value.js';
import { OperationError } from '../../shared/errors.js';
import { retry } from '../../shared/retry.js';

export const CASSANDRA_SUPERUSER = 'rocketctl_admin';
const BOOTSTRAP: CqlCredentials = { username: 'cassandra', password: 'cassandra' };
// CassandraRoleManager creates cassandra/cassandra about 10 s after start (its setupDefaultRole waits
// for the ring to settle), after the CQL port already accepts connections.
const BOOTSTRAP_WAIT_MS = 45_000;

class NoLoginYet extends Error {}

/**
 * A session as the generated superuser. Only while it does not exist yet is the bootstrap `cassandra` role
 * used, to create it; the bootstrap role is then disabled for good (no login, no superuser, a random password).
 */
export async function superuserSession(target: StoreTarget): Promise<CqlClient> {
  const superuser = { username: CASSANDRA_SUPERUSER, password: target.secrets.get('CASSANDRA_SUPERUSER_PASSWORD') };
  const session = await retry(
    async () => {
      const existing = await openOrNull(target, superuser);
      if (existing) return existing;
      const bootstrap = await openOrNull(target, BOOTSTRAP);
      if (!bootstrap) throw new NoLoginYet();
      target.progress(`creating superuser ${CASSANDRA_SUPERUSER} (once, as the bootstrap role)`);
      await bootstrap
        .execute(`CREATE ROLE IF NOT EXISTS ${CASSANDRA_SUPERUSER} WITH PASSWORD = ${cqlLiteral(superuser.password)} AND SUPERUSER = true AND LOGIN = true`)
        .finally(() => bootstrap.close());
      const created = await openOrNull(target, superuser);
      if (!created) throw new NoLoginYet();
      return created;
    },
    {
      timeoutMs: BOOTSTRAP_WAIT_MS,
      intervalMs: 2_000,
      signal: target.signal,
      retryOn: (error) => error instanceof NoLoginYet,
      onRetry: () => target.progress("waiting for Cassandra's bootstrap role (it appears ~10 s after start)"),
      onGiveUp: () =>
        new OperationError(
          `cassandra: neither ${CASSANDRA_SUPERUSER} (password from ${target.secrets.source('CASSANDRA_SUPERUSER_PASSWORD')}) nor the bootstrap cassandra/cassandra may log in`,
          `if this store was seeded with another CASSANDRA_SUPERUSER_PASSWORD, put that value back (secrets file or ROCKETCTL_CASSANDRA_SUPERUSER_PASSWORD); otherwise check \`rocketctl logs cassandra\` and run \`rocketctl seed\` again`,
        ),
    },
  );
  await disableBootstrapRole(session);
  return session;
}

// Must run as another superuser: a role may not change its own superuser status.
async function disableBootstrapRole(session: CqlClient): Promise<void> {
  const row = (await session.execute("SELECT can_login, is_superuser FROM system_auth.roles WHERE role = 'cassandra'")).first();
  if (!row || (!row.get('can_login') && !row.get('is_superuser'))) return;
  await session.execute(`ALTER ROLE cassandra WITH PASSWORD = ${cqlLiteral(generateSecretValue())} AND SUPERUSER = false AND LOGIN = false`);
}

async function openOrNull(target: StoreTarget, credentials: CqlCredentials): Promise<CqlClient | null> {
  try {
    return await createCqlClient(target, credentials, { signal: target.signal });
  } catch (error) {
    if (isAuthenticationFailure(error)) return null;
    throw error;
  }
}
