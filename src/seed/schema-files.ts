import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fillTemplate } from '../shared/render-template.js';
import { OperationError } from '../shared/errors.js';
import { packageFile } from '../shared/package-files.js';

const SCHEMAS = `${packageFile('templates', 'schemas')}/`;
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_-]+)\.(sql|cql|json)$/;

export type SchemaStore = 'postgres' | 'cockroach' | 'cassandra' | 'couchdb';

export interface Migration {
  version: number;
  /** The file name, recorded with the version. */
  name: string;
  text: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  checksum: string;
}

/** templates/schemas/<store>/NNN_name.ext, in version order. */
export function loadMigrations(store: SchemaStore, dir = `${SCHEMAS}${store}`): Migration[] {
  return readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort()
    .map((name) => {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      return { version: Number(MIGRATION_FILE.exec(name)![1]), name, text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/** A schema file that is not a migration (a ledger table, an access lockdown), `{{name}}` placeholders filled. */
export function readSchemaFile(relative: string, values: Record<string, string> = {}): string {
  return fillTemplate(`schemas/${relative}`, readFileSync(`${SCHEMAS}${relative}`, 'utf8'), values);
}

/**
 * The migrations still to apply. An applied migration whose file has changed since is refused: the store
 * holds what the old text made, so a change must come as a new file.
 */
export function pendingMigrations(all: Migration[], applied: AppliedMigration[], store: string): Migration[] {
  const appliedByVersion = new Map(applied.map((m) => [Number(m.version), m.checksum]));
  for (const migration of all) {
    const checksum = appliedByVersion.get(migration.version);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new OperationError(
        `${store}: migration ${migration.name} was changed after it was applied`,
        `restore templates/schemas/${store}/${migration.name} and put the change in a new, higher-numbered migration file`,
      );
    }
  }
  return all.filter((migration) => !appliedByVersion.has(migration.version));
}

/** CQL runs one statement per request: `--` comment lines dropped, statements split at a line-ending `;`. */
export function cqlStatements(text: string): string[] {
  const code = text
    .split('\n')
    .filter((line) => !/^\s*(--|\/\/)/.test(line))
    .join('\n');
  return code
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean);
}
