import { existsSync } from 'node:fs';
import { createCouchClient } from '../clients/couch-client.js';
import { couchEndpointFor, couchUser } from '../clients/couch-endpoint.js';
import { ensureSecrets } from '../secrets/secrets.js';
import { TELEMETRY_DATABASE } from '../seed/roles.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { printableText } from '../shared/terminal-text.js';
import { open } from '../workers/observer/envelope.js';
import { loadKeyring } from '../workers/observer/keyring.js';
import { observerStorePath, openObserverStore, type ObserverDocument } from '../workers/observer/store.js';
import type { CommandContext } from './context.js';

export type DecryptSource = 'local' | 'couchdb';

export interface ObserverDecryptResult {
  /** Where the document was read. */
  from: DecryptSource;
  /**
   * What AES-256-GCM authenticated: the payload (the plaintext) and what the associated data binds (the document
   * id, the key id, the envelope version). A change to any of them fails decryption.
   */
  verified: { id: string; kid: string; v: number; payload: unknown };
  /**
   * The document's clear fields: whoever can write the document can change them without breaking the seal, so
   * they are shown apart, as the copy says them (text stripped of control characters; null when not the expected type).
   */
  unverified: { type: string | null; ts: number | null };
}

/**
 * `rocketctl observer decrypt ID [--from local|couchdb]`: an operator reads one document on purpose. Without
 * --from: the observer's local store, or CouchDB (as replicator) when the store is in use by a running observer
 * or does not hold the id. A document whose ciphertext was modified or that was moved to another id is refused.
 */
export async function observerDecrypt(context: CommandContext, id: string, options: { from?: string }): Promise<ObserverDecryptResult> {
  const { config } = context;
  if (options.from !== undefined && options.from !== 'local' && options.from !== 'couchdb')
    throw new UsageError(`--from ${options.from}: expected local or couchdb`, "use --from local (the observer's store) or --from couchdb, or leave it out");
  if (id.startsWith('_')) throw new UsageError(`"${id}" is not an observer document id`, 'observer documents are named obs-<instance>-<number>');
  const secrets = await ensureSecrets(context);
  const keyring = await loadKeyring(config.stateDir, secrets);
  const found = await readDocument(context, id, options.from as DecryptSource | undefined, secrets);
  const { doc } = found;
  const payload = open(id, doc.enc, keyring.keys);
  return {
    from: found.from,
    verified: { id, kid: doc.enc.kid, v: doc.enc.v, payload },
    unverified: {
      type: typeof doc.type === 'string' ? printableText(doc.type, 100) : null,
      ts: typeof doc.ts === 'number' && Number.isFinite(doc.ts) ? doc.ts : null,
    },
  };
}

async function readDocument(
  context: CommandContext,
  id: string,
  from: DecryptSource | undefined,
  secrets: Awaited<ReturnType<typeof ensureSecrets>>,
): Promise<{ from: DecryptSource; doc: ObserverDocument }> {
  const directory = observerStorePath(context.config.workersDir);
  if (from !== 'couchdb' && existsSync(directory)) {
    try {
      const store = await openObserverStore(directory);
      try {
        const doc = await store.get(id);
        if (doc) return { from: 'local', doc };
      } finally {
        await store.close();
      }
    } catch (error) {
      if (from === 'local') throw error;
      context.log.info(`observer decrypt: ${(error as Error).message}; reading CouchDB instead`);
    }
  }
  if (from === 'local')
    throw new OperationError(`no document ${id} in the observer's local store ${directory}`, 'check the id, or read the replicated copy with --from couchdb');
  const couch = createCouchClient(await couchEndpointFor(context.config), couchUser(secrets, 'replicator'), { signal: context.signal });
  try {
    const response = await couch.request<ObserverDocument>({ path: `/${TELEMETRY_DATABASE}/${encodeURIComponent(id)}` });
    if (response.status === 404)
      throw new OperationError(
        `no document ${id} in CouchDB's ${TELEMETRY_DATABASE} database${from ? '' : ' nor in the local store'}`,
        'check the id (`obs-<instance>-<number>`)',
      );
    if (response.status !== 200)
      throw new OperationError(
        `CouchDB answered ${response.status} reading ${id} as replicator`,
        "run `rocketctl seed` (it sets replicator's password and the database's _security)",
      );
    return { from: 'couchdb', doc: response.json };
  } finally {
    await couch.close();
  }
}
