import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { WorkerName } from './descriptors.js';
import type { WorkerHealth } from './worker.js';

/** How often a running `workers start` rewrites its runtime files. */
export const HEARTBEAT_MS = 2000;
/** A runtime file not refreshed for this long belongs to a process that hangs or died uncleanly. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

/** `<stateDir>/workers/<name>.json`: what a running worker tells `workers status` (and the checklist). */
export interface WorkerRuntime {
  name: WorkerName;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  endpoint: string | null;
  health: WorkerHealth;
}

export const runtimeFilePath = (stateDir: string, name: WorkerName): string => path.join(stateDir, 'workers', `${name}.json`);

export async function writeRuntimeFile(stateDir: string, runtime: WorkerRuntime): Promise<void> {
  await writeFileAtomic(runtimeFilePath(stateDir, runtime.name), `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

export async function removeRuntimeFile(stateDir: string, name: WorkerName): Promise<void> {
  await rm(runtimeFilePath(stateDir, name), { force: true });
}

/** null when there is no file (nothing runs); throws with the reason when it cannot be read or parsed. */
export async function readRuntimeFile(stateDir: string, name: WorkerName): Promise<WorkerRuntime | null> {
  let text: string;
  try {
    text = await readFile(runtimeFilePath(stateDir, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
  const value = JSON.parse(text) as Partial<WorkerRuntime>;
  if (
    value.name !== name ||
    !Number.isInteger(value.pid) ||
    typeof value.heartbeatAt !== 'string' ||
    Number.isNaN(Date.parse(value.heartbeatAt)) ||
    typeof value.health?.healthy !== 'boolean'
  ) {
    throw new Error('not a worker runtime file (fields missing)');
  }
  return value as WorkerRuntime;
}
