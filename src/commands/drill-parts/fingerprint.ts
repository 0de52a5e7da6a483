import { createHash } from 'node:crypto';
import { AUDIT_PATH } from '../../audit/audit-ledger.js';
import { BACKED_UP_ZNODES, type ZnodeCopy } from '../backup-parts/zookeeper-znodes.js';

/** What a drill compares: one table, database, keyspace table or znode tree, by the count of its items and a digest. */
export interface Fingerprint {
  /** e.g. `postgres telemetry.public.readings`, `couchdb telemetry`, `cassandra telemetry.events`, `zookeeper /kafka-acl`. */
  unit: string;
  count: number;
  sha256: string;
  /**
   * Set where the restore may add items of its own (its `checklist --resume` makes the Kafka users, topics and ACLs
   * the workers need when the live stack had not made them yet): one digest per item, and the restored unit must
   * hold every item of the archive's, unchanged, rather than be equal.
   */
  items?: string[];
}

const digest = (lines: readonly string[]) => {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
};
const ndjsonLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** The parts whose content a drill compares: the stores'; the project's files are checked by their digests alone. */
export const isFingerprinted = (name: string): boolean => /^(zookeeper\/znodes\.json|postgres\/.+\.sql|couchdb\/.+\.ndjson|cassandra\/.+\.ndjson)$/.test(name);

/**
 * A part's content (as `backup` writes it: the archive's, or one read from a running stack) as units to compare.
 * Only what a restore must bring back identically is fingerprinted; where the restore itself makes something anew,
 * that is left out and said here:
 * - Postgres roles: their names, attributes and memberships, not their SCRAM verifiers (seed sets the same passwords
 *   with new salts);
 * - CouchDB `_users`: each entry's name, type and roles, not its revision or hash (the same reason);
 * - ZooKeeper's audit ledger: the restore appends its own entries to it.
 * Anything else a part holds is an empty list: the project's files are compared by `backup verify`'s digests.
 */
export function fingerprintPart(name: string, text: string): Fingerprint[] {
  if (name === 'zookeeper/znodes.json') return znodeFingerprints(JSON.parse(text) as ZnodeCopy[]);
  if (name === 'postgres/globals.sql') return [roleFingerprint(text)];
  const database = /^postgres\/databases\/(.+)\.sql$/.exec(name)?.[1];
  if (database !== undefined) return postgresFingerprints(database, text);
  const couch = /^couchdb\/databases\/(.+)\.ndjson$/.exec(name)?.[1];
  if (couch !== undefined) {
    const lines = ndjsonLines(text);
    return [{ unit: `couchdb ${couch}`, count: Math.max(0, lines.length - 1), sha256: digest(lines) }];
  }
  if (name === 'couchdb/users.ndjson') {
    const users = ndjsonLines(text).map((line) => {
      const { name: user, type, roles } = JSON.parse(line) as { name?: unknown; type?: unknown; roles?: unknown };
      return JSON.stringify({ user, type, roles });
    });
    return [{ unit: 'couchdb _users', count: users.length, sha256: digest(users.sort()) }];
  }
  const table = /^cassandra\/(.+)\.ndjson$/.exec(name)?.[1];
  if (table !== undefined) {
    const [, ...rows] = ndjsonLines(text);
    return [{ unit: `cassandra ${table}`, count: rows.length, sha256: digest(rows.sort()) }];
  }
  return [];
}

function znodeFingerprints(znodes: ZnodeCopy[]): Fingerprint[] {
  return BACKED_UP_ZNODES.filter((root) => root !== AUDIT_PATH).map((root) => {
    const under = znodes.filter((z) => z.path === root || z.path.startsWith(`${root}/`)).map((z) => `${z.path} ${z.data}`);
    return { unit: `zookeeper ${root}`, count: under.length, sha256: digest(under.sort()), items: under.map((item) => digest([item])) };
  });
}

function roleFingerprint(globals: string): Fingerprint {
  const statements = globals
    .split('\n')
    .filter((line) => /^(CREATE|ALTER) ROLE |^GRANT /.test(line))
    .map((line) => line.replace(/ PASSWORD '[^']*'/, ''));
  return { unit: 'postgres roles', count: statements.filter((line) => line.startsWith('CREATE ROLE ')).length, sha256: digest(statements.sort()) };
}

/**
 * A pg_dump (`--inserts`) as one unit per table (its INSERT statements) and one for the schema (every other
 * statement). Comments, psql meta-commands (`\restrict` carries a random key per dump) and blank lines are left out.
 */
function postgresFingerprints(database: string, dump: string): Fingerprint[] {
  const rows = new Map<string, string[]>();
  const schema: string[] = [];
  let statement: string[] = [];
  let into: string[] | null = null;
  for (const line of dump.split('\n')) {
    if (statement.length === 0) {
      if (line === '' || line.startsWith('--') || line.startsWith('\\')) continue;
      const table = /^INSERT INTO (\S+) /.exec(line)?.[1];
      if (table !== undefined) {
        into = rows.get(table) ?? [];
        rows.set(table, into);
      } else into = schema;
    }
    statement.push(line);
    // A statement ends at a line ending with `;` (a text value holding a newline spans lines; both sides split alike).
    if (line.endsWith(';')) {
      into!.push(statement.join('\n'));
      statement = [];
    }
  }
  return [
    { unit: `postgres ${database} (schema)`, count: schema.length, sha256: digest(schema) },
    ...[...rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([table, inserts]) => ({
        unit: `postgres ${database}.${table}`,
        count: inserts.length,
        sha256: digest(inserts.sort()),
      })),
  ];
}

type Figure = { count: number; sha256: string };

export interface DrillRow {
  unit: string;
  archive: Figure | null;
  restored: Figure | null;
  /** The live stack now: it has moved on since the backup wherever it was written to; shown, not judged. */
  live: Figure | null;
  /** The restored unit has the archive's count and digest (or, where the restore may add, every archived item). */
  same: boolean;
  /** Items the restore added to a unit that may grow (see Fingerprint.items). */
  added: number;
}

/** One row per unit found anywhere, in unit order; a unit missing on one side is a difference (unless only live has it). */
export function compareFingerprints(archive: Fingerprint[], restored: Fingerprint[], live: Fingerprint[]): DrillRow[] {
  const byUnit = (list: Fingerprint[]) => new Map(list.map((print) => [print.unit, print]));
  const [a, r, l] = [byUnit(archive), byUnit(restored), byUnit(live)];
  const figure = (print: Fingerprint | undefined): Figure | null => (print ? { count: print.count, sha256: print.sha256 } : null);
  const units = [...new Set([...a.keys(), ...r.keys(), ...l.keys()])].sort();
  return units.map((unit) => {
    const [from, to] = [a.get(unit), r.get(unit)];
    let same = from === undefined ? to === undefined : to !== undefined && from.count === to.count && from.sha256 === to.sha256;
    let added = 0;
    if (from?.items && to?.items && !same) {
      const held = new Set(to.items);
      same = from.items.every((item) => held.has(item));
      added = same ? to.count - from.count : 0;
    }
    return { unit, archive: figure(from), restored: figure(to), live: figure(l.get(unit)), same, added };
  });
}
