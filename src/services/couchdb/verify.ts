import { randomBytes } from 'node:crypto';
import { withCouchAdmin, type CouchCall } from '../../seed/couch-http.js';
import { SEED_ROLES, TELEMETRY_DATABASE } from '../../seed/roles.js';
import type { StoreTarget } from '../../seed/store-target.js';
import { loadMigrations } from '../../seed/schema-files.js';
import { emptyVerification, unappliedMigrations, type StoreVerification } from '../../seed/store-verification.js';
import { couchAccessDrift } from './seed.js';

/**
 * Read-only (unless a rule is already broken): the migration ledger, both `_users` entries with their role,
 * and a write by replicator that the validation document must refuse. CouchDB lets every member of a
 * database read it, so "observer_writer cannot read" cannot hold there: noted, not counted.
 */
export function verifyCouchdb(target: StoreTarget): Promise<StoreVerification> {
  return withCouchAdmin(target, (couch) => verifyCouchdbWith(couch, target));
}

async function verifyCouchdbWith(couch: CouchCall, target: StoreTarget): Promise<StoreVerification> {
  const result = emptyVerification();
  const ledger = await couch('GET', `/${TELEMETRY_DATABASE}/_design/rocketctl-migrations`);
  result.migrationsPending = unappliedMigrations(
    'couchdb',
    ledger.status === 200 ? ((ledger.json.applied as Array<{ version: number; checksum: string }>) ?? []) : [],
  );
  const users = await Promise.all(SEED_ROLES.map((role) => couch('GET', `/_users/${encodeURIComponent(`org.couchdb.user:${role.name}`)}`)));
  SEED_ROLES.forEach((role, i) => {
    const user = users[i]!;
    if (user.status !== 200 || !(user.json.roles as string[] | undefined)?.includes(role.couchRole)) result.rolesMissing.push(role.name);
  });
  if (result.rolesMissing.length > 0 || result.migrationsPending.length > 0) return result;
  for (const migration of loadMigrations('couchdb')) {
    for (const drift of await couchAccessDrift(couch, migration)) result.privilegeProblems.push(`${drift.path} differs from ${migration.name}`);
  }
  const replicator = SEED_ROLES[1];
  const probeId = `rocketctl-checklist-${randomBytes(6).toString('hex')}`;
  const write = await couch(
    'PUT',
    `/${TELEMETRY_DATABASE}/${probeId}`,
    { type: 'checklist-probe' },
    { username: replicator.name, password: target.secrets.get(replicator.secret) },
  );
  if (write.status !== 401 && write.status !== 403) {
    result.privilegeProblems.push(`replicator may write to the ${TELEMETRY_DATABASE} database (answered ${write.status})`);
    if (write.status < 300) await couch('DELETE', `/${TELEMETRY_DATABASE}/${probeId}?rev=${String(write.json.rev)}`);
  }
  result.notes.push('observer_writer can read: CouchDB lets every member of a database read it');
  return result;
}
