import type { Migration } from './schema-files.js';
import { cqlStatements } from './schema-files.js';

/** One table privilege the migrations grant to a role. */
export interface TableGrant {
  privilege: string;
  table: string;
  role: string;
}

const GRANT = /^GRANT\s+([A-Z, ]+?)\s+ON\s+(?:TABLE\s+)?([\w.]+)\s+TO\s+([\w, ]+)$/i;

/**
 * The table privileges the migrations grant, one per (privilege, table, role): the single statement of
 * least privilege. `seed` re-asserts exactly these on every run (so a dropped or added grant is repaired),
 * and `checklist` verifies them.
 */
export function tableGrants(migrations: readonly Migration[]): TableGrant[] {
  const grants: TableGrant[] = [];
  for (const statement of migrations.flatMap((migration) => cqlStatements(migration.text))) {
    const match = GRANT.exec(statement.replace(/\s+/g, ' ').trim());
    if (!match) continue;
    for (const privilege of match[1]!.split(',').map((p) => p.trim().toUpperCase())) {
      for (const role of match[3]!.split(',').map((r) => r.trim())) grants.push({ privilege, table: match[2]!, role });
    }
  }
  return grants;
}

/** The tables the grants are on, in first-seen order. */
export const grantedTables = (grants: readonly TableGrant[]): string[] => [...new Set(grants.map((g) => g.table))];
