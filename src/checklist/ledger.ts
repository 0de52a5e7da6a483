import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { Logger } from '../shared/log.js';
import type { StepStatus } from './step.js';
import type { StepId } from './steps.js';

export interface LedgerEntry {
  status: StepStatus;
  at: string;
  inputHash: string;
  /** The input hash when the step was last green: unchanged inputs + a passing check = nothing to re-apply. */
  greenInputHash?: string;
}

export type Ledger = Partial<Record<StepId, LedgerEntry>>;

export const ledgerPath = (stateDir: string): string => path.join(stateDir, 'checklist.json');

/** The step ledger; a missing or unreadable one is empty (it is a record of checks, never the only copy of anything). */
export async function readLedger(stateDir: string, log: Logger): Promise<Ledger> {
  const text = await readFile(ledgerPath(stateDir), 'utf8').catch(() => null);
  if (text === null) return {};
  try {
    const parsed = JSON.parse(text) as { version?: number; steps?: Ledger };
    if (parsed.version === 1 && parsed.steps && typeof parsed.steps === 'object') return parsed.steps;
  } catch {
    // reported below
  }
  log.warn(`${ledgerPath(stateDir)} is not a checklist ledger; starting a new one (every step will be checked and, if needed, applied)`);
  return {};
}

export async function writeLedger(stateDir: string, ledger: Ledger): Promise<void> {
  await writeFileAtomic(ledgerPath(stateDir), `${JSON.stringify({ version: 1, steps: ledger }, null, 2)}\n`, { mode: 0o600 });
}

export function recordStep(ledger: Ledger, id: StepId, status: StepStatus, inputHash: string): void {
  const previous = ledger[id];
  ledger[id] = {
    status,
    at: new Date().toISOString(),
    inputHash,
    ...(status === 'ok' ? { greenInputHash: inputHash } : previous?.greenInputHash ? { greenInputHash: previous.greenInputHash } : {}),
  };
}
