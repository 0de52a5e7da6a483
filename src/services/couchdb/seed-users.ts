import type { SeedRole } from '../../seed/roles.js';
import { expectStatus, type CouchCall } from '../../seed/couch-http.js';

const userDocPath = (name: string) => `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;

/**
 * The role's `_users` document with exactly its one CouchDB role. The password is sent only when the user is
 * new or no longer logs in with the secret, so a re-run leaves the stored hash as it is.
 */
export async function ensureCouchUser(couch: CouchCall, role: SeedRole, password: string): Promise<'created' | 'password-set' | 'kept'> {
  const current = await couch('GET', userDocPath(role.name));
  if (current.status === 404) {
    const doc = { _id: `org.couchdb.user:${role.name}`, name: role.name, type: 'user', roles: [role.couchRole], password };
    expectStatus(await couch('PUT', userDocPath(role.name), doc), [201, 202], `creating user ${role.name}`);
    return 'created';
  }
  const existing = expectStatus(current, [200], `reading user ${role.name}`).json;
  const session = await couch('GET', '/_session', undefined, { username: role.name, password });
  const logsIn = session.status === 200 && (session.json.userCtx as { name?: string } | undefined)?.name === role.name;
  const rolesRight = JSON.stringify(existing.roles) === JSON.stringify([role.couchRole]);
  if (logsIn && rolesRight) return 'kept';
  const updated = { ...existing, roles: [role.couchRole], ...(logsIn ? {} : { password }) };
  expectStatus(await couch('PUT', userDocPath(role.name), updated), [201, 202], `updating user ${role.name}`);
  return logsIn ? 'kept' : 'password-set';
}
