import type { CqlClient } from '../../clients/cql.js';
import type { TableGrant } from '../../seed/grants.js';
import { grantedTables } from '../../seed/grants.js';

/** A role's permissions on one table, as Cassandra lists them (`<table ks.name>` resources). */
export async function tablePermissions(session: CqlClient, role: string, table: string): Promise<Set<string>> {
  const rows = await session.execute(`LIST ALL PERMISSIONS ON TABLE ${table} OF ${role} NORECURSIVE`);
  return new Set(rows.rows.map((row) => String(row.get('permission')).toUpperCase()));
}

/** What differs from the migrations' grants, per role and table: permissions to add and permissions to take away. */
export async function permissionDrift(
  session: CqlClient,
  grants: readonly TableGrant[],
  roles: readonly string[],
): Promise<Array<{ role: string; table: string; missing: string[]; extra: string[] }>> {
  const drift: Array<{ role: string; table: string; missing: string[]; extra: string[] }> = [];
  for (const table of grantedTables(grants)) {
    for (const role of roles) {
      const have = await tablePermissions(session, role, table);
      const want = new Set(grants.filter((g) => g.table === table && g.role === role).map((g) => g.privilege));
      const missing = [...want].filter((p) => !have.has(p));
      const extra = [...have].filter((p) => !want.has(p));
      if (missing.length || extra.length) drift.push({ role, table, missing, extra });
    }
  }
  return drift;
}
