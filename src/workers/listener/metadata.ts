import type { CouchChange } from '../../clients/couch-changes.js';
import type { KafkaMessage } from '../../clients/kafka-client.js';

/** What the listener publishes for one change: never the payload, only where and what it is. */
export interface ChangeMetadata {
  id: string;
  seq: string | number;
  /** The document's type, or `deleted` for a deletion (telemetry is insert-only, so the guard flags it). */
  type: string;
  /** The document's own timestamp (ms since the epoch), null when it has none. */
  ts: number | null;
}

/** Design documents are the database's own configuration, not telemetry: skipped (the checkpoint still moves past them). */
export const isPublishable = (change: CouchChange<unknown>): boolean => !change.id.startsWith('_design/');

export function changeMetadata(change: CouchChange<{ type?: unknown; ts?: unknown }>): ChangeMetadata {
  const type = change.deleted ? 'deleted' : typeof change.doc?.type === 'string' ? change.doc.type : 'unknown';
  const ts = typeof change.doc?.ts === 'number' && Number.isFinite(change.doc.ts) ? change.doc.ts : null;
  return { id: change.id, seq: change.seq, type, ts };
}

/** Keyed by document id: one document's records stay in one partition, in order. */
export const toMessage = (metadata: ChangeMetadata): KafkaMessage => ({ key: metadata.id, value: JSON.stringify(metadata) });
