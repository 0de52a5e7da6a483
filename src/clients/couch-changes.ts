import { OperationError } from '../shared/errors.js';
import type { CouchClient } from './couch-client.js';

/** A CouchDB update sequence: opaque (a string in CouchDB 2+, a number in the lab's peer); only ever passed back. */
export type CouchSeq = string | number;

export interface CouchChange<Doc> {
  seq: CouchSeq;
  id: string;
  deleted?: boolean;
  doc?: Doc;
}

export interface ChangesBatch<Doc> {
  results: CouchChange<Doc>[];
  /** Where the next request starts: everything up to here is in `results`. */
  lastSeq: CouchSeq;
}

export interface ChangesFollowerOptions {
  database: string;
  /** At most this many changes per batch. */
  limit: number;
  includeDocs: boolean;
  /** The server writes a newline this often while it waits; three missed ones end the request. */
  heartbeatMs: number;
}

/** CouchDB refused the request itself (credentials, permissions, a missing database): waiting will not help. */
export class CouchRefusedError extends OperationError {}

/**
 * Follows `_changes` with `feed=longpoll`: a request returns at once when changes are waiting, or holds
 * until the next one arrives (CouchDB also ends it after `timeout` with no results). The only deadline a
 * wait can have is silence: the server's heartbeats prove the connection is alive.
 */
export function createChangesFollower<Doc>(client: CouchClient, options: ChangesFollowerOptions) {
  const query = (since: CouchSeq) =>
    new URLSearchParams({
      feed: 'longpoll',
      since: String(since),
      limit: String(options.limit),
      include_docs: String(options.includeDocs),
      heartbeat: String(options.heartbeatMs),
      timeout: String(options.heartbeatMs * 6),
    }).toString();
  return {
    async next(since: CouchSeq, signal: AbortSignal): Promise<ChangesBatch<Doc>> {
      const controller = new AbortController();
      const silence = options.heartbeatMs * 3 + 1000;
      const silent = new OperationError(
        `CouchDB sent nothing on _changes for ${silence / 1000} s (not even a heartbeat)`,
        'check that CouchDB runs (`rocketctl status`); the listener reconnects on its own',
      );
      let watchdog = setTimeout(() => controller.abort(silent), silence);
      try {
        const response = await client.stream({ path: `/${options.database}/_changes?${query(since)}` }, AbortSignal.any([signal, controller.signal]));
        const text = await new Promise<string>((resolve, reject) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
            clearTimeout(watchdog);
            watchdog = setTimeout(() => controller.abort(silent), silence);
          });
          response.on('end', () => resolve(body));
          response.on('error', (error) => reject(controller.signal.aborted ? controller.signal.reason : error));
          response.on('aborted', () =>
            reject(controller.signal.aborted ? controller.signal.reason : new OperationError('CouchDB closed the _changes response early')),
          );
        });
        const status = response.statusCode ?? 0;
        if (status !== 200) throw refusal(status, text, client.user, options.database);
        const parsed = JSON.parse(text) as { results: CouchChange<Doc>[]; last_seq: CouchSeq };
        return { results: parsed.results, lastSeq: parsed.last_seq };
      } catch (error) {
        if (controller.signal.aborted && !signal.aborted) throw controller.signal.reason;
        throw error;
      } finally {
        clearTimeout(watchdog);
      }
    },
  };
}

function refusal(status: number, text: string, user: string, database: string): Error {
  let reason = text.slice(0, 200);
  try {
    const body = JSON.parse(text) as { error?: string; reason?: string };
    reason = [body.error, body.reason].filter(Boolean).join(': ');
  } catch {
    // Not JSON: keep the text.
  }
  const message = `CouchDB answered ${status} to ${user}'s _changes request on ${database}: ${reason}`;
  if (status === 401 || status === 403)
    return new CouchRefusedError(message, `run \`rocketctl seed\` (it creates ${user} with the password in the secrets file and the database's _security)`);
  if (status === 404) return new CouchRefusedError(message, 'run `rocketctl seed` (it creates the telemetry database)');
  return new OperationError(message, 'check `rocketctl logs couchdb`; the listener retries on its own');
}
