import type { CommandContext } from '../commands/context.js';
import type { ChecklistFacts } from './facts.js';

/** The step ids are part of the CLI contract (`--from`, `--only`, the JSON and the ledger). */
export const STEP_IDS = [
  'tls-assets',
  'stack-up',
  'zookeeper-quorum',
  'schemas-users',
  'cockroach-tls',
  'cassandra-tls',
  'kafka-tls',
  'kafka-scram',
  'workers',
  'telemetry',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepStatus = 'ok' | 'failed' | 'skipped' | 'pending';

export interface CheckOutcome {
  status: StepStatus;
  /** Why it is not ok, in words an operator can act on (for `skipped`/`pending`: why it was not checked). */
  cause?: string;
  /** What was seen when ok ("1 leader, 2 followers"). */
  detail?: string;
}

/** What a step's inputs are made of: when none of them changed since the step was last green, `--resume` re-checks but does not re-apply it. */
export type InputKind = 'config' | 'secrets' | 'certificates' | 'templates';

export interface ChecklistStep {
  id: StepId;
  title: string;
  inputs: readonly InputKind[];
  /** Read-only: never changes anything. Throws only for an interruption; a failure is an outcome. */
  check(facts: ChecklistFacts): Promise<CheckOutcome>;
  /** The command that repairs the step, shown with a failure, and what `--resume` runs (when it can be run from here). */
  fix?: { command: string; apply?(context: CommandContext, facts: ChecklistFacts): Promise<void> };
}

export const ok = (detail?: string): CheckOutcome => ({ status: 'ok', ...(detail ? { detail } : {}) });
export const failed = (cause: string): CheckOutcome => ({ status: 'failed', cause });
