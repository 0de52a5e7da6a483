import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { readOwnFile } from '../shared/own-file.js';
import type { WorkerName } from './descriptors.js';
import { parseRuntime, type WorkerRuntime } from './runtime-fields.js';
import { ensureWorkersFolder, workersFolderExists } from './workers-folder.js';

/** How often a running `workers start` rewrites its runtime files. */
export const HEARTBEAT_MS = 2000;
/** A runtime file not refreshed for this long belongs to a process that hangs or died uncleanly. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;
/** Far more than a runtime file ever holds: a larger one is refused unread. */
const MAX_RUNTIME_FILE_BYTES = 64 * 1024;

export type { WorkerRuntime };

export const runtimeFilePath = (workersDir: string, name: WorkerName): string => path.join(workersDir, `${name}.json`);

export async function writeRuntimeFile(workersDir: string, runtime: WorkerRuntime): Promise<void> {
  await ensureWorkersFolder(workersDir);
  await writeFileAtomic(runtimeFilePath(workersDir, runtime.name), `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

export async function removeRuntimeFile(workersDir: string, name: WorkerName): Promise<void> {
  await rm(runtimeFilePath(workersDir, name), { force: true });
}

/**
 * null when there is no file (nothing runs); throws with the reason when it cannot be used. Only a regular file of
 * this user's, in a real folder of this user's, is opened; every field is checked, and the text ones are made safe
 * to print (a runtime file is another process's word, not rocketctl's).
 */
export async function readRuntimeFile(workersDir: string, name: WorkerName): Promise<WorkerRuntime | null> {
  if (!(await workersFolderExists(workersDir))) return null;
  const file = runtimeFilePath(workersDir, name);
  const text = await readOwnFile(file, {
    what: 'worker runtime file',
    maxBytes: MAX_RUNTIME_FILE_BYTES,
    remedy: `remove it (\`rm ${file}\`); a running worker writes it again within ${HEARTBEAT_MS / 1000} s`,
  });
  return text === null ? null : parseRuntime(text, name);
}
