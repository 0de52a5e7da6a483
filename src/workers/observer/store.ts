import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OperationError } from '../../shared/errors.js';
import type { Envelope } from './envelope.js';
import { Pouch, type PouchDatabase, type PouchDoc } from './pouch.js';

/** Telemetry documents replicate; every other type stays in the observer's local store. */
export const TELEMETRY_TYPE = 'telemetry';
export const JOURNAL_TYPE = 'observer-journal';
export const REPLICATED_SELECTOR = { type: TELEMETRY_TYPE };

/** What the observer stores: non-sensitive metadata in the clear, the payload only inside the envelope. */
export interface ObserverDocument {
  _id: string;
  _rev?: string;
  type: string;
  /** When the payload was observed (ms since the epoch). */
  ts: number;
  enc: Envelope;
}

export interface ObserverStore {
  readonly db: PouchDatabase;
  readonly directory: string;
  /** Coalesced with concurrent inserts into one bulk write; an id already stored is left as it is. */
  insert(doc: ObserverDocument): Promise<'written' | 'exists'>;
  get(id: string): Promise<ObserverDocument | null>;
  close(): Promise<void>;
}

export const observerStorePath = (workersDir: string): string => path.join(workersDir, 'observer', 'pouchdb');

const BULK_LIMIT = 1000;

export async function openObserverStore(directory: string): Promise<ObserverStore> {
  await mkdir(path.dirname(directory), { recursive: true, mode: 0o700 });
  const db = new Pouch(directory, { adapter: 'leveldb' });
  try {
    await db.info();
    // LevelDB makes its folder with the umask's mode; the ciphertexts and metadata inside are for this user only.
    await chmod(directory, 0o700);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw storeError(directory, error);
  }
  const queue: Array<{ doc: ObserverDocument; resolve: (r: 'written' | 'exists') => void; reject: (e: unknown) => void }> = [];
  let flushing: Promise<void> | null = null;

  const flush = async () => {
    // Let the inserts of this turn of the event loop join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, BULK_LIMIT);
      try {
        const results = await db.bulkDocs(batch.map((b) => b.doc as unknown as PouchDoc));
        results.forEach((result, i) => {
          const waiter = batch[i]!;
          if (!result.error) waiter.resolve('written');
          else if (result.status === 409) waiter.resolve('exists');
          else
            waiter.reject(
              new OperationError(
                `observer store: writing ${waiter.doc._id} failed: ${result.reason ?? result.message ?? String(result.error)}`,
                `check ${directory} (disk space, permissions)`,
              ),
            );
        });
      } catch (error) {
        for (const waiter of batch) waiter.reject(storeError(directory, error));
      }
    }
    flushing = null;
  };

  let closed: Promise<void> | null = null;
  return {
    db,
    directory,
    insert(doc) {
      if (closed) return Promise.reject(new OperationError('observer store: closed', 'restart the observer'));
      return new Promise((resolve, reject) => {
        queue.push({ doc, resolve, reject });
        flushing ??= flush();
      });
    },
    async get(id) {
      try {
        return (await db.get(id)) as unknown as ObserverDocument;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw storeError(directory, error);
      }
    },
    close() {
      closed ??= (async () => {
        await flushing;
        await db.close();
      })();
      return closed;
    },
  };
}

function storeError(directory: string, error: unknown): OperationError {
  const message = error instanceof Error ? error.message : String(error);
  if (/lock/i.test(message)) {
    return new OperationError(
      `the observer's local store ${directory} is in use by another process (a running observer)`,
      'read from CouchDB instead (`--from couchdb`), or stop the observer first',
      { cause: error },
    );
  }
  return new OperationError(
    `observer store ${directory}: ${message}`,
    'check the folder (disk space, permissions); it holds documents not yet replicated, so never delete it',
    { cause: error },
  );
}
