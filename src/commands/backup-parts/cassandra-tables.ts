import type { CqlClient } from '../../clients/cql.js';
import type { ArchivePart } from '../../backup/write-archive.js';

/** The keyspaces rocketctl's migrations make: the data and the migration ledger. */
export const BACKED_UP_KEYSPACES = ['telemetry', 'rocketctl'] as const;
const PAGE = 1000;

/**
 * Every table of the keyspaces, one NDJSON part each (`SELECT JSON`, paged): a first line naming the table, then one
 * row per line. Consistent per table at LOCAL_QUORUM on the one node; the schema itself is the migrations' (restore
 * runs them before loading rows).
 */
export async function* cassandraParts(cql: CqlClient): AsyncGenerator<ArchivePart> {
  for (const keyspace of BACKED_UP_KEYSPACES) {
    const tables = await cql.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [keyspace], { prepare: true });
    for (const table of tables.rows.map((row) => String(row.get('table_name'))).sort())
      yield { name: `cassandra/${keyspace}.${table}.ndjson`, content: tableLines(cql, keyspace, table) };
  }
}

async function* tableLines(cql: CqlClient, keyspace: string, table: string): AsyncGenerator<string> {
  yield `${JSON.stringify({ keyspace, table })}\n`;
  let pageState: string | undefined;
  do {
    // Names come from system_schema (lowercase identifiers the migrations chose), quoted all the same.
    const page = await cql.execute(`SELECT JSON * FROM "${keyspace}"."${table}"`, [], { fetchSize: PAGE, ...(pageState ? { pageState } : {}) });
    if (page.rows.length > 0) yield page.rows.map((row) => `${String(row.get('[json]'))}\n`).join('');
    pageState = page.pageState ?? undefined;
  } while (pageState);
}
