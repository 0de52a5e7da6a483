import { loadMigrations, type AppliedMigration, type SchemaStore } from './schema-files.js';

/** What `checklist` finds in one store: every list empty means schemas, roles and least privilege all hold. */
export interface StoreVerification {
  /** Migrations whose file exists but which the store's ledger does not hold (or holds with another checksum). */
  migrationsPending: string[];
  rolesMissing: string[];
  /** Each least-privilege rule that does not hold, in words: "replicator can INSERT into telemetry_events". */
  privilegeProblems: string[];
  /** What could not be checked on this store, and why (shown, not counted as a failure). */
  notes: string[];
}

export const emptyVerification = (): StoreVerification => ({ migrationsPending: [], rolesMissing: [], privilegeProblems: [], notes: [] });

export function verificationProblems(result: StoreVerification): string[] {
  return [
    ...(result.migrationsPending.length ? [`migrations not applied: ${result.migrationsPending.join(', ')}`] : []),
    ...(result.rolesMissing.length ? [`roles missing: ${result.rolesMissing.join(', ')}`] : []),
    ...result.privilegeProblems,
  ];
}

/** The migration files the ledger does not hold exactly (same version and checksum). */
export function unappliedMigrations(store: SchemaStore, applied: readonly AppliedMigration[]): string[] {
  const held = new Map(applied.map((row) => [Number(row.version), row.checksum]));
  return loadMigrations(store)
    .filter((migration) => held.get(migration.version) !== migration.checksum)
    .map((migration) => migration.name);
}
