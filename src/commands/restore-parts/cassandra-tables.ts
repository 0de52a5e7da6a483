import type { CqlClient } from '../../clients/cql.js';
import { OperationError } from '../../shared/errors.js';
import { ndjson } from './couchdb-databases.js';

const CONCURRENT = 32;

/** One table's rows back, `INSERT … JSON` (an upsert: a row already there from the migrations is the same row). */
export async function loadCassandraTable(cql: CqlClient, text: string): Promise<number> {
  const [head, ...rows] = text.split('\n').filter((line) => line.trim() !== '');
  const { keyspace, table } = (head ? ndjson(head)[0] : {}) as { keyspace?: string; table?: string };
  if (!keyspace || !table || !/^\w+$/.test(keyspace) || !/^\w+$/.test(table))
    throw new OperationError('a Cassandra part does not start with its keyspace and table', 'use another archive');
  const insert = `INSERT INTO "${keyspace}"."${table}" JSON ?`;
  for (let at = 0; at < rows.length; at += CONCURRENT)
    await Promise.all(rows.slice(at, at + CONCURRENT).map((row) => cql.execute(insert, [row], { prepare: true })));
  return rows.length;
}
