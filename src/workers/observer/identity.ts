import type { PouchDatabase } from './pouch.js';
import { randomBytes } from 'node:crypto';

const IDENTITY = '_local/observer-identity';

/** Document ids sort in the order they were made: `obs-<instance>-<12-digit number>`. */
export const observationId = (instance: string, n: number): string => `obs-${instance}-${String(n).padStart(12, '0')}`;

/**
 * This store's observer instance (made once, kept in a `_local` document, which never replicates) and the
 * number its next document takes: one past the highest id stored, so a restart never reuses an id.
 */
export async function observerIdentity(db: PouchDatabase): Promise<{ instance: string; nextNumber: number }> {
  let instance: string;
  try {
    instance = (await db.get(IDENTITY)).instance as string;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    instance = randomBytes(5).toString('hex');
    await db.put({ _id: IDENTITY, instance });
  }
  const prefix = `obs-${instance}-`;
  const last = await db.allDocs({ startkey: `${prefix}\uffff`, endkey: prefix, descending: true, limit: 1 });
  const lastId = last.rows[0]?.id;
  return { instance, nextNumber: lastId ? Number(lastId.slice(prefix.length)) + 1 : 0 };
}
