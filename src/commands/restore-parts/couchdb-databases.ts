import { expectStatus, type CouchCall, type CouchResponse } from '../../seed/couch-http.js';
import { OperationError } from '../../shared/errors.js';

const BATCH = 500;

const check = (response: CouchResponse, ok: number[], what: string) => expectStatus(response, ok, what, '`rocketctl restore`');

/** NDJSON text → its lines as objects. */
export const ndjson = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * One database back: made if missing, its `_security`, then every document with the revision it had
 * (`_bulk_docs` with `new_edits: false`: the server keeps the given revisions instead of making new ones).
 */
export async function loadCouchDatabase(couch: CouchCall, lines: Record<string, unknown>[]): Promise<number> {
  const [head, ...docs] = lines;
  const name = String(head?.database ?? '');
  if (!name) throw new OperationError('a CouchDB part does not start with its database line', 'use another archive');
  const db = `/${encodeURIComponent(name)}`;
  check(await couch('PUT', db), [201, 202, 412], `PUT ${name}`);
  check(await couch('PUT', `${db}/_security`, head!.security ?? {}), [200], `PUT ${name}/_security`);
  await loadDocs(couch, db, docs);
  return docs.length;
}

/** `_users` entries as they were (their stored password hashes), so the roles log in with the same passwords. */
export async function loadCouchUsers(couch: CouchCall, users: Record<string, unknown>[]): Promise<void> {
  check(await couch('PUT', '/_users'), [201, 202, 412], 'PUT _users');
  await loadDocs(couch, '/_users', users);
}

async function loadDocs(couch: CouchCall, db: string, docs: Record<string, unknown>[]): Promise<void> {
  for (let at = 0; at < docs.length; at += BATCH) {
    const answer = await couch('POST', `${db}/_bulk_docs`, { docs: docs.slice(at, at + BATCH), new_edits: false });
    check(answer, [201], `POST ${db}/_bulk_docs`);
  }
}
