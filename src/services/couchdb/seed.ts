import { withCouchAdmin, expectStatus, type CouchCall } from '../../seed/couch-http.js';
import { ensureCouchUser } from './seed-users.js';
import { SEED_ROLES, TELEMETRY_DATABASE } from '../../seed/roles.js';
import { loadMigrations, pendingMigrations, type Migration } from '../../seed/schema-files.js';
import { emptyOutcome, type StoreOutcome, type StoreTarget } from '../../seed/store-target.js';

// A design document: only database admins (here: server admins) may write it, members may only read it.
const LEDGER = `/${TELEMETRY_DATABASE}/_design/rocketctl-migrations`;

interface CouchMigration {
  security: { admins: unknown; members: unknown };
  designDocs: Array<{ _id: string } & Record<string, unknown>>;
}

interface LedgerEntry {
  version: number;
  name: string;
  checksum: string;
  applied_at: string;
}

/** CouchDB: `_users` and the telemetry database, the two users, then pending migrations (_security, design docs). */
export function seedCouchdb(target: StoreTarget): Promise<StoreOutcome> {
  return withCouchAdmin(target, (couch) => seedCouchdbWith(couch, target));
}

async function seedCouchdbWith(couch: CouchCall, target: StoreTarget): Promise<StoreOutcome> {
  const outcome = emptyOutcome();
  target.progress('databases and users');
  for (const database of ['_users', TELEMETRY_DATABASE]) expectStatus(await couch('PUT', `/${database}`), [201, 202, 412], `creating database ${database}`);
  for (const role of SEED_ROLES) {
    const result = await ensureCouchUser(couch, role, target.secrets.get(role.secret));
    if (result === 'created') outcome.rolesCreated.push(role.name);
    if (result === 'password-set') outcome.passwordsSet.push(role.name);
  }
  target.progress('migrations');
  const ledger = await couch('GET', LEDGER);
  const doc =
    ledger.status === 404
      ? { _id: '_design/rocketctl-migrations', applied: [] as LedgerEntry[] }
      : (expectStatus(ledger, [200], 'reading the migration ledger').json as { applied: LedgerEntry[] });
  for (const migration of pendingMigrations(loadMigrations('couchdb'), doc.applied, 'couchdb')) {
    await applyCouchMigration(couch, migration);
    doc.applied.push({ version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: new Date().toISOString() });
    const saved = expectStatus(await couch('PUT', LEDGER, doc), [201, 202], `recording migration ${migration.name}`);
    Object.assign(doc, { _rev: saved.json.rev });
    outcome.migrationsApplied.push(migration.name);
  }
  // The access rules are re-asserted on every run: a _security or validation document changed by hand is put back.
  for (const migration of loadMigrations('couchdb')) await applyCouchMigration(couch, migration);
  return outcome;
}

/** Each step writes only what differs (a whole-document PUT), so re-applying a migration is harmless and quiet. */
async function applyCouchMigration(couch: CouchCall, migration: Migration): Promise<void> {
  for (const drift of await couchAccessDrift(couch, migration)) {
    const current = await couch('GET', drift.path);
    const rev = drift.path.endsWith('/_security') || current.status !== 200 ? {} : { _rev: current.json._rev };
    expectStatus(await couch('PUT', drift.path, { ...drift.wanted, ...rev }), [200, 201, 202], `${migration.name}: writing ${drift.path}`);
  }
}

/** The _security and design documents of a migration that the database does not hold as written. */
export async function couchAccessDrift(couch: CouchCall, migration: Migration): Promise<Array<{ path: string; wanted: Record<string, unknown> }>> {
  const { security, designDocs } = JSON.parse(migration.text) as CouchMigration;
  const drift: Array<{ path: string; wanted: Record<string, unknown> }> = [];
  const securityPath = `/${TELEMETRY_DATABASE}/_security`;
  if (!sameContent((await couch('GET', securityPath)).json, security)) drift.push({ path: securityPath, wanted: security });
  for (const design of designDocs) {
    const path = `/${TELEMETRY_DATABASE}/${design._id}`;
    const current = await couch('GET', path);
    if (current.status !== 200 || !sameContent(current.json, design)) drift.push({ path, wanted: design });
  }
  return drift;
}

/** Equal in every field the wanted document names (CouchDB adds _rev and may add empty fields). */
function sameContent(actual: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => JSON.stringify(actual[key]) === JSON.stringify(value));
}
