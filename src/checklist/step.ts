import type { CommandContext } from '../commands/context.js';
import type { ChecklistFacts } from './facts.js';

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface CheckOutcome {
  status: StepStatus;
  /** Why it is not ok, in words an operator can act on (for `skipped`/`pending`: why it was not checked). */
  cause?: string;
  /** What was seen when ok ("1 leader, 2 followers"). */
  detail?: string;
  /**
   * The failure is read from stored state (a credential, an ACL or a topic that does not exist), not from a connection
   * that may come back: waiting cannot change it, so `--resume` repairs it at once instead of letting it settle.
   */
  lasting?: boolean;
}

/** What a step's inputs are made of: when none of them changed since the step was last green, `--resume` re-checks but does not re-apply it. */
/** `rocketctl`: this rocketctl's own code and Node (the workers member runs it: an upgrade must replace the member). */
export type InputKind = 'config' | 'secrets' | 'certificates' | 'templates' | 'rocketctl';

/** One step; its id is part of the CLI contract (`--from`, `--only`, the JSON and the ledger). */
export interface ChecklistStep<I extends string = string> {
  readonly id: I;
  title: string;
  inputs: readonly InputKind[];
  /** Read-only: never changes anything. Throws only for an interruption; a failure is an outcome. */
  check(facts: ChecklistFacts): Promise<CheckOutcome>;
  /**
   * After `--resume` repaired an earlier step (a service recreated, a peer restarted), how long this one may take to
   * recover on its own (clients reconnecting) before it is judged failed and repaired itself. Default 30 s.
   */
  settleMs?: number;
  /** The command that repairs the step, shown with a failure, and what `--resume` runs (when it can be run from here). */
  fix?: { command: string; apply?(context: CommandContext, facts: ChecklistFacts): Promise<void> };
}

export const ok = (detail?: string): CheckOutcome => ({ status: 'ok', ...(detail ? { detail } : {}) });
export const failed = (cause: string): CheckOutcome => ({ status: 'failed', cause });

/** Identity that keeps the literal id, so the one list of steps (steps.ts) defines `StepId`. */
export const defineStep = <const I extends string>(step: ChecklistStep<I>): ChecklistStep<I> => step;
