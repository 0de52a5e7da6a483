import { expectStatus, type CouchCall, type CouchResponse } from '../../seed/couch-http.js';
import { SEED_ROLES } from '../../seed/roles.js';
import type { ArchivePart } from '../../backup/write-archive.js';

const PAGE = 1000;

const expectOk = (response: CouchResponse, what: string) => expectStatus(response, [200], what, '`rocketctl backup`').json as Record<string, unknown>;

/**
 * Every database of the server (the stack's own: system databases aside), each as NDJSON: a first line with its
 * name and `_security`, then every document with its revision (design documents included), paged by id. And the
 * `_users` entries of the roles rocketctl made (their stored password hashes, so restored users log in as before).
 */
export async function* couchdbParts(couch: CouchCall): AsyncGenerator<ArchivePart> {
  const names = (expectOk(await couch('GET', '/_all_dbs'), 'GET /_all_dbs') as unknown as string[]).filter((name) => !name.startsWith('_'));
  for (const name of names.sort()) yield { name: `couchdb/databases/${name}.ndjson`, content: databaseLines(couch, name) };
  const users: string[] = [];
  for (const role of SEED_ROLES) {
    const user = await couch('GET', `/_users/${encodeURIComponent(`org.couchdb.user:${role.name}`)}`);
    if (user.status === 200) users.push(JSON.stringify(user.json));
    else if (user.status !== 404) expectOk(user, `GET _users entry of ${role.name}`);
  }
  yield { name: 'couchdb/users.ndjson', content: Buffer.from(users.map((line) => `${line}\n`).join('')) };
}

async function* databaseLines(couch: CouchCall, name: string): AsyncGenerator<string> {
  const db = `/${encodeURIComponent(name)}`;
  const security = expectOk(await couch('GET', `${db}/_security`), `GET ${name}/_security`);
  yield `${JSON.stringify({ database: name, security })}\n`;
  let startkey: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ include_docs: 'true', attachments: 'true', limit: String(PAGE) });
    if (startkey !== null) {
      query.set('startkey', JSON.stringify(startkey));
      query.set('skip', '1');
    }
    const page = expectOk(await couch('GET', `${db}/_all_docs?${query.toString()}`), `GET ${name}/_all_docs`) as { rows?: { id: string; doc?: unknown }[] };
    const rows = page.rows ?? [];
    if (rows.length > 0) yield rows.map((row) => `${JSON.stringify(row.doc)}\n`).join('');
    if (rows.length < PAGE) return;
    startkey = rows.at(-1)!.id;
  }
}
