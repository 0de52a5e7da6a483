import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { formatSeconds } from '../shared/deadline.js';
import { InterruptedError, OperationError } from '../shared/errors.js';
import { formatBytes, readBody } from './couch-body.js';
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
  /** At most this many changes per batch; twice as many are read ahead before the feed is paused. */
  limit: number;
  includeDocs: boolean;
  /** The server writes a newline this often while it waits; three missed ones end the feed. */
  heartbeatMs: number;
  /** Overrides changesDeadlineMs (tests lower it). */
  deadlineMs?: number;
}

/** CouchDB refused the request itself (credentials, permissions, a missing database): waiting will not help. */
export class CouchRefusedError extends OperationError {}

/**
 * How long one `next()` waits. With only heartbeats for this long it answers an empty batch from the same seq (as
 * CouchDB's own long-poll timeout does), so a caller on a quiet database still gets its turn; a change line begun
 * but not finished within it is an error (a server that drips bytes without end). Six heartbeats, plus the silence
 * the watchdog allows, plus the transfer of a full batch (20 ms per change, at least 10 s).
 */
export const changesDeadlineMs = (options: Pick<ChangesFollowerOptions, 'heartbeatMs' | 'limit'>): number =>
  options.heartbeatMs * 6 + silenceMs(options.heartbeatMs) + Math.max(10_000, options.limit * 20);

const silenceMs = (heartbeatMs: number): number => heartbeatMs * 3 + 1000;

/**
 * Follows `_changes` as one `feed=continuous` stream: CouchDB writes each change as a line the moment it is
 * committed, so a change reaches the caller without a request round trip (a long poll costs one per wake-up and
 * answers with what woke it). `next(since)` hands out what has arrived (at most `limit`), or waits for the first
 * change; asked from anywhere but where the last batch ended (a restart, a retry after an error), it reopens the
 * feed there. Reads ahead at most twice `limit` changes, then pauses the socket until the caller catches up.
 * Watchdogs: silence (the heartbeats prove the feed alive; three missed ones end it), a line that never ends, and
 * the size of one line, capped like every CouchDB answer.
 */
export function createChangesFollower<Doc>(client: CouchClient, options: ChangesFollowerOptions) {
  const deadline = options.deadlineMs ?? changesDeadlineMs(options);
  let feed: ChangesFeed<Doc> | null = null;
  return {
    async next(since: CouchSeq, signal: AbortSignal): Promise<ChangesBatch<Doc>> {
      if (signal.aborted) throw new InterruptedError();
      if (feed && String(feed.position) !== String(since)) feed = (feed.close(), null);
      if (feed?.drained()) {
        const failure = feed.failure;
        feed = (feed.close(), null);
        // A failure is said once (the caller backs off on it); a feed the server ended is simply reopened.
        if (failure) throw failure;
      }
      feed ??= openFeed<Doc>(client, options, since, deadline);
      try {
        return await feed.take(signal, deadline);
      } catch (error) {
        if (signal.aborted) feed = (feed?.close(), null);
        throw error;
      }
    },
    close(): void {
      feed = (feed?.close(), null);
    },
  };
}

interface ChangesFeed<Doc> {
  /** Where the last batch handed out ended (the since of the next one). */
  readonly position: CouchSeq;
  readonly failure: Error | null;
  /** Nothing left to hand out and nothing more coming (the feed failed or the server ended it). */
  drained(): boolean;
  take(signal: AbortSignal, waitMs: number): Promise<ChangesBatch<Doc>>;
  close(): void;
}

function openFeed<Doc>(client: CouchClient, options: ChangesFollowerOptions, since: CouchSeq, deadline: number): ChangesFeed<Doc> {
  const what = `${client.user}'s _changes feed on ${options.database}`;
  const silence = silenceMs(options.heartbeatMs);
  const controller = new AbortController();
  const buffer: CouchChange<Doc>[] = [];
  const decoder = new StringDecoder('utf8');
  let position: CouchSeq = since;
  let partial = '';
  let failure: Error | null = null;
  let ended = false;
  let response: IncomingMessage | null = null;
  let paused = false;
  let wake: (() => void) | null = null;
  let watchdog: NodeJS.Timeout | undefined;
  let unfinishedLine: NodeJS.Timeout | undefined;

  const stopTimers = () => (clearTimeout(watchdog), clearTimeout(unfinishedLine));
  const fail = (error: Error) => {
    if (failure || ended) return;
    failure = error;
    stopTimers();
    controller.abort(error);
    wake?.();
  };
  const watch = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () =>
        fail(
          new OperationError(
            `CouchDB sent nothing on _changes for ${silence / 1000} s (not even a heartbeat)`,
            'check that CouchDB runs (`rocketctl status`); the listener reconnects on its own',
          ),
        ),
      silence,
    );
  };
  const tooLarge = () =>
    new OperationError(
      `${what}: one change is larger than ${formatBytes(client.maxResponseBytes)}, the most rocketctl reads of one answer`,
      'find what writes such large documents (the listener reads each change whole)',
    );
  const onLine = (line: string) => {
    // Counted in characters, not bytes (no re-encoding per chunk): a bound on what one change may hold all the same.
    if (line.length > client.maxResponseBytes) throw tooLarge();
    if (line.trim() === '') return; // a heartbeat
    const row = JSON.parse(line) as Partial<CouchChange<Doc>> & { last_seq?: CouchSeq; error?: string; reason?: string };
    if (row.error !== undefined) throw new OperationError(`CouchDB ended ${what}: ${[row.error, row.reason].filter(Boolean).join(': ')}`, RETRY_HINT);
    if (row.id !== undefined && row.seq !== undefined) buffer.push({ seq: row.seq, id: row.id, ...(row.deleted ? { deleted: true } : {}), doc: row.doc });
    // A `last_seq` row: the server finished the feed (its timeout); what came before it stands.
  };
  const onData = (chunk: Buffer) => {
    watch();
    try {
      const lines = (partial + decoder.write(chunk)).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    } catch (error) {
      return fail(error instanceof OperationError ? error : new OperationError(`${what}: a line is not JSON: ${(error as Error).message}`, RETRY_HINT));
    }
    if (partial.length > client.maxResponseBytes) return fail(tooLarge());
    if (partial === '') unfinishedLine = (clearTimeout(unfinishedLine), undefined);
    else
      unfinishedLine ??= setTimeout(
        () =>
          fail(
            new OperationError(
              `CouchDB did not finish a line of ${what} within ${formatSeconds(deadline)} (it kept sending, but slower than a change needs)`,
              'check CouchDB and the network to it (`rocketctl status`, `rocketctl logs couchdb`); the listener retries on its own',
            ),
          ),
        deadline,
      );
    if (buffer.length >= options.limit * 2 && !paused) {
      // Read ahead no further: the socket's own flow control holds the server back until the caller catches up.
      paused = true;
      clearTimeout(watchdog);
      response!.pause();
    }
    if (buffer.length > 0) wake?.();
  };

  const query = new URLSearchParams({
    feed: 'continuous',
    since: String(since),
    include_docs: String(options.includeDocs),
    heartbeat: String(options.heartbeatMs),
  });
  watch();
  client
    .stream({ path: `/${options.database}/_changes?${query.toString()}` }, controller.signal)
    .then(async (answer) => {
      response = answer;
      if (answer.statusCode !== 200) {
        const text = await readBody(answer, { maxBytes: 64 * 1024, what, hint: RETRY_HINT });
        return fail(refusal(answer.statusCode ?? 0, text, client.user, options.database));
      }
      answer.on('data', onData);
      answer.on('end', () => {
        if (failure) return;
        ended = true;
        stopTimers();
        wake?.();
      });
      answer.on('error', (error) => fail(controller.signal.aborted ? error : closedEarly(what, error)));
      answer.on('aborted', () => fail(closedEarly(what)));
    })
    .catch((error: unknown) => fail(error as Error));

  return {
    get position() {
      return position;
    },
    get failure() {
      return failure;
    },
    drained: () => buffer.length === 0 && (failure !== null || ended),
    async take(signal, waitMs) {
      if (wake) throw new Error(`${what}: one next() at a time`);
      if (buffer.length === 0 && !failure && !ended) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(idle);
            signal.removeEventListener('abort', done);
            wake = null;
            resolve();
          };
          // Only heartbeats for the whole wait: an empty batch from the same seq, and the feed stays open. A change
          // still arriving is waited for (its own deadline ends a line that never does).
          const quiet = () => (partial === '' ? done() : (idle = setTimeout(quiet, waitMs)));
          let idle = setTimeout(quiet, waitMs);
          signal.addEventListener('abort', done, { once: true });
          wake = done;
        });
      }
      if (signal.aborted) throw new InterruptedError();
      if (buffer.length === 0) {
        if (failure) throw failure;
        return { results: [], lastSeq: position };
      }
      const results = buffer.splice(0, options.limit);
      position = results.at(-1)!.seq;
      if (paused && buffer.length < options.limit && !failure) {
        paused = false;
        watch();
        response!.resume();
      }
      return { results, lastSeq: position };
    },
    close() {
      if (!failure) {
        ended = true;
        stopTimers();
        controller.abort(new InterruptedError());
      }
      response?.destroy();
    },
  };
}

const RETRY_HINT = 'check `rocketctl logs couchdb`; the listener retries on its own';

const closedEarly = (what: string, cause?: Error) =>
  new OperationError(
    `CouchDB closed ${what}${cause ? `: ${cause.message}` : ''}`,
    'check that CouchDB runs (`rocketctl status`); the listener reconnects on its own',
  );

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
  return new OperationError(message, RETRY_HINT);
}
