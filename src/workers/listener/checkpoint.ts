import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CouchSeq } from '../../clients/couch-changes.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { OperationError } from '../../shared/errors.js';

export interface ListenerCheckpoint {
  /** Every change up to here has been acknowledged by Kafka. */
  since: CouchSeq;
  /** Records published up to here, over every run (duplicates after a crash included). */
  published: number;
  updatedAt: string;
}

export const listenerCheckpointPath = (workersDir: string): string => path.join(workersDir, 'listener-checkpoint.json');

export async function readCheckpoint(file: string): Promise<ListenerCheckpoint | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OperationError(`cannot read the listener checkpoint ${file}: ${(error as Error).message}`, 'check the file and its folder permissions');
  }
  const parsed = (() => {
    try {
      return JSON.parse(text) as Partial<ListenerCheckpoint>;
    } catch {
      return {};
    }
  })();
  if (typeof parsed.since !== 'string' && typeof parsed.since !== 'number') {
    throw new OperationError(
      `the listener checkpoint ${file} is corrupt`,
      'restore it from a backup, or delete it to publish every change again from the start (at-least-once: consumers see duplicates, nothing is lost)',
    );
  }
  return { since: parsed.since, published: Number(parsed.published ?? 0), updatedAt: String(parsed.updatedAt ?? '') };
}

/**
 * Written only after Kafka acknowledged every record up to `since`: atomic (temporary file, fsync, rename) and
 * the folder fsynced too, so after a crash or power loss the file names a sequence that was really published.
 */
export async function writeCheckpoint(file: string, checkpoint: ListenerCheckpoint): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  const folder = await open(path.dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
