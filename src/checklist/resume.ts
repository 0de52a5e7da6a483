import type { CommandContext } from '../commands/context.js';
import { createFacts } from './facts.js';
import { digestInputs, stepInputHash } from './inputs.js';
import { readLedger, recordStep, writeLedger } from './ledger.js';
import { stepReport, type StepReport } from './report.js';
import { runCheck, verifySteps } from './run-checks.js';
import type { ChecklistStep } from './step.js';
import type { StepId } from './steps.js';

/**
 * `checklist --resume`: every step is checked; from the first failing one (or `from`) on, in order, a step is
 * repaired by its fix and checked again. A step whose check passes and whose inputs are unchanged since it was
 * last green is left alone. The ledger is written after every step, so an interruption loses nothing and a
 * re-run converges. Repair stops at the first step its fix cannot make green; the rest are reported as checked.
 */
export async function resumeSteps(context: CommandContext, steps: readonly ChecklistStep<StepId>[], options: { from?: StepId } = {}): Promise<StepReport[]> {
  const { config, log } = context;
  const ledger = await readLedger(config.stateDir, log);
  const first = await verifySteps(context, steps);
  const start = options.from ? steps.findIndex((s) => s.id === options.from) : first.findIndex((r) => r.status === 'failed');
  const reports: StepReport[] = first.map((report, index) => (start === -1 || index < start ? { ...report, action: 'checked' } : report));
  let digests = await digestInputs(config, context.env);
  for (const [index, report] of reports.entries())
    if (start === -1 || index < start) recordStep(ledger, report.id, report.status, stepInputHash(steps[index]!.inputs, digests));
  await writeLedger(config.stateDir, ledger);
  if (start === -1) return reports;

  let stopped = false;
  for (let index = start; index < steps.length; index++) {
    const step = steps[index]!;
    const hash = stepInputHash(step.inputs, digests);
    let { outcome, seconds } = await runCheck(step, createFacts(context));
    // Inputs count as changed only when the ledger knows the step green with other inputs: a passing step the
    // ledger has never seen green (a first run, a lost state folder) is taken as it is, not re-applied.
    const greenHash = ledger[step.id]?.greenInputHash;
    const unchanged = greenHash === undefined || greenHash === hash;
    let action: StepReport['action'] = 'checked';
    if (!stopped && step.fix?.apply && (outcome.status === 'failed' || (outcome.status === 'ok' && !unchanged))) {
      log.info(
        `checklist: ${step.id}: ${outcome.status === 'failed' ? `failed (${outcome.cause})` : 'inputs changed since it was last green'}; running \`${step.fix.command}\``,
      );
      const started = Date.now();
      try {
        await step.fix.apply!(context, createFacts(context));
      } catch (error) {
        if ((error as Error).name === 'InterruptedError') throw error;
        log.warn(`checklist: ${step.fix.command} failed: ${(error as Error).message.split('\n')[0]}`);
      }
      digests = await digestInputs(config, context.env);
      ({ outcome } = await runCheck(step, createFacts(context)));
      seconds = (Date.now() - started) / 1000;
      action = 'applied';
      if (outcome.status === 'failed') stopped = true;
    } else if (outcome.status === 'ok' && unchanged) {
      action = 'unchanged';
    } else if (stopped) {
      action = 'not-reached';
    }
    reports[index] = stepReport(step, outcome, seconds, action);
    recordStep(ledger, step.id, outcome.status, stepInputHash(step.inputs, digests));
    await writeLedger(config.stateDir, ledger);
  }
  return reports;
}
