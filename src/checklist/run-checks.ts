import type { CommandContext } from '../commands/context.js';
import { withDeadline } from '../shared/deadline.js';
import { createFacts, type ChecklistFacts } from './facts.js';
import { stepReport, type StepReport } from './report.js';
import type { ChecklistStep, CheckOutcome } from './step.js';
import type { StepId } from './steps.js';

/** No single check may take longer (they probe with their own, shorter deadlines). */
const CHECK_TIMEOUT_MS = 60_000;

/** Runs one step's check with a deadline; a crash of the check itself becomes a failed outcome with its message. */
export async function runCheck(step: ChecklistStep<StepId>, facts: ChecklistFacts): Promise<{ outcome: CheckOutcome; seconds: number }> {
  const started = Date.now();
  try {
    const outcome = await withDeadline(() => step.check(facts), { timeoutMs: CHECK_TIMEOUT_MS, signal: facts.context.signal, what: `the ${step.id} check` });
    return { outcome, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    if ((error as Error).name === 'InterruptedError') throw error;
    return { outcome: { status: 'failed', cause: (error as Error).message.split('\n')[0]! }, seconds: (Date.now() - started) / 1000 };
  }
}

/** Verify only: every step's check at once (they share one set of observations); nothing is changed. */
export async function verifySteps(context: CommandContext, steps: readonly ChecklistStep<StepId>[]): Promise<StepReport[]> {
  const facts = createFacts(context);
  return Promise.all(
    steps.map(async (step) => {
      const { outcome, seconds } = await runCheck(step, facts);
      return stepReport(step, outcome, seconds);
    }),
  );
}
