import { formatSeconds } from '../shared/deadline.js';
import { OperationError } from '../shared/errors.js';
import { readBody } from './couch-body.js';
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
  /** Overrides changesDeadlineMs (tests lower it). */
  deadlineMs?: number;
}

/** CouchDB refused the request itself (credentials, permissions, a missing database): waiting will not help. */
export class CouchRefusedError extends OperationError {}

/**
 * How long one `_changes` request may take in all. CouchDB holds a long poll until a change arrives: with a
 * heartbeat it ignores the `timeout` we send (6 heartbeats), so a quiet database is a request that never ends.
 * The deadline is that wait, plus the silence the watchdog allows, plus the transfer of a full batch (20 ms per
 * change, at least 10 s): reached while only heartbeats came, it ends the poll as an empty batch (exactly what
 * CouchDB answers on its own timeout); reached in the middle of the results, it is an error.
 */
export const changesDeadlineMs = (options: Pick<ChangesFollowerOptions, 'heartbeatMs' | 'limit'>): number =>
  options.heartbeatMs * 6 + silenceMs(options.heartbeatMs) + Math.max(10_000, options.limit * 20);

const silenceMs = (heartbeatMs: number): number => heartbeatMs * 3 + 1000;

/**
 * Follows `_changes`: first `feed=normal` (whatever is waiting, at once), and only when nothing is, `feed=longpoll`
 * (held until the next change arrives). A long poll answers with what arrived when it woke (the lab's peer: one
 * change), so asking plainly first lets a busy feed come back in full batches instead of one change per round trip.
 * Two watchdogs: silence (the server's heartbeats prove a long poll is alive; three missed ones end the request)
 * and the overall deadline above, shared by both requests; and the answer is size-capped like every CouchDB answer.
 */
export function createChangesFollower<Doc>(client: CouchClient, options: ChangesFollowerOptions) {
  const query = (since: CouchSeq, feed: 'normal' | 'longpoll') =>
    new URLSearchParams({
      feed,
      since: String(since),
      limit: String(options.limit),
      include_docs: String(options.includeDocs),
      ...(feed === 'longpoll' ? { heartbeat: String(options.heartbeatMs), timeout: String(options.heartbeatMs * 6) } : {}),
    }).toString();
  const silence = silenceMs(options.heartbeatMs);
  const deadline = options.deadlineMs ?? changesDeadlineMs(options);
  return {
    async next(since: CouchSeq, signal: AbortSignal): Promise<ChangesBatch<Doc>> {
      const controller = new AbortController();
      const silent = new OperationError(
        `CouchDB sent nothing on _changes for ${silence / 1000} s (not even a heartbeat)`,
        'check that CouchDB runs (`rocketctl status`); the listener reconnects on its own',
      );
      const overdue = new OperationError(
        `CouchDB did not finish its _changes answer within ${formatSeconds(deadline)} (it kept sending, but slower than a batch needs)`,
        'check CouchDB and the network to it (`rocketctl status`, `rocketctl logs couchdb`); the listener retries on its own',
      );
      let watchdog: NodeJS.Timeout | undefined;
      const overall = setTimeout(() => controller.abort(overdue), deadline);
      let status = 0;
      let resultsStarted = false;
      const poll = async (feed: 'normal' | 'longpoll'): Promise<ChangesBatch<Doc>> => {
        status = 0;
        resultsStarted = false;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(silent), silence);
        const response = await client.stream({ path: `/${options.database}/_changes?${query(since, feed)}` }, AbortSignal.any([signal, controller.signal]));
        status = response.statusCode ?? 0;
        const text = await readBody(response, {
          maxBytes: client.maxResponseBytes,
          what: `${client.user}'s _changes request on ${options.database}`,
          hint: `lower workers.listener.batchSize (${options.limit} changes per request), or find what writes such large documents`,
          onChunk: (chunk) => {
            resultsStarted ||= chunk.toString('utf8').trim() !== '';
            clearTimeout(watchdog);
            watchdog = setTimeout(() => controller.abort(silent), silence);
          },
        });
        if (status !== 200) throw refusal(status, text, client.user, options.database);
        const parsed = JSON.parse(text) as { results: CouchChange<Doc>[]; last_seq: CouchSeq };
        return { results: parsed.results, lastSeq: parsed.last_seq };
      };
      try {
        const waiting = await poll('normal');
        return waiting.results.length > 0 ? waiting : await poll('longpoll');
      } catch (error) {
        if (controller.signal.aborted && !signal.aborted) {
          // Heartbeats only, for the whole wait: no change arrived, as on CouchDB's own timeout; the next poll starts here.
          if (controller.signal.reason === overdue && status === 200 && !resultsStarted) return { results: [], lastSeq: since };
          throw controller.signal.reason;
        }
        throw error;
      } finally {
        clearTimeout(watchdog);
        clearTimeout(overall);
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
