import type { ChecklistStep, CheckOutcome, StepStatus } from './step.js';
import type { StepId } from './steps.js';

/** One step as `checklist` reports it (text, `--json` and JUnit). */
export interface StepReport {
  id: StepId;
  title: string;
  status: StepStatus;
  seconds: number;
  cause?: string;
  detail?: string;
  /** The command that repairs it, when it failed. */
  fix?: string;
  /** With --resume: what was done for this step. */
  action?: 'checked' | 'unchanged' | 'applied' | 'not-reached';
}

export interface ChecklistReport {
  ok: boolean;
  steps: StepReport[];
}

export function stepReport(step: ChecklistStep<StepId>, outcome: CheckOutcome, seconds: number, action?: StepReport['action']): StepReport {
  return {
    id: step.id,
    title: step.title,
    status: outcome.status,
    seconds: Math.round(seconds * 100) / 100,
    ...(outcome.cause ? { cause: outcome.cause } : {}),
    ...(outcome.detail ? { detail: outcome.detail } : {}),
    ...(outcome.status === 'failed' && step.fix ? { fix: step.fix.command } : {}),
    ...(action ? { action } : {}),
  };
}

/** Green: every step ok or skipped (disabled); a failed one is not. */
export const isGreen = (steps: readonly StepReport[]): boolean => steps.every((s) => s.status === 'ok' || s.status === 'skipped');
