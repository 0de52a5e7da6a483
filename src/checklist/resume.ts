import type { CommandContext } from '../commands/context.js';
import { createFacts } from './facts.js';
import { digestInputs, stepInputHash, type InputDigests } from './inputs.js';
import { readLedger, recordStep, writeLedger } from './ledger.js';
import { stepReport, type StepReport } from './report.js';
import { runCheck, verifySteps } from './run-checks.js';
import { retry } from '../shared/retry.js';
import { systemClock } from '../shared/clock.js';
import type { ChecklistStep, CheckOutcome } from './step.js';
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
  let digests = await digestInputs(config, context.env);
  // Repair starts at the first failing step, or at the first green one whose inputs changed since it was last green
  // (a new config, new certificates, an upgraded rocketctl): on an all-green stack too.
  const start = options.from
    ? steps.findIndex((s) => s.id === options.from)
    : first.findIndex((r, index) => r.status === 'failed' || (r.status === 'ok' && inputsChanged(ledger[r.id]?.greenInputHash, steps[index]!, digests)));
  const reports: StepReport[] = first.map((report, index) => (start === -1 || index < start ? { ...report, action: 'checked' } : report));
  for (const [index, report] of reports.entries())
    if (start === -1 || index < start) recordStep(ledger, report.id, report.status, stepInputHash(steps[index]!.inputs, digests));
  await writeLedger(config.stateDir, ledger);
  if (start === -1) return reports;

  let stopped = false;
  // The fix most recently applied in this run: a step after it may fail only until its clients have reconnected.
  let repaired: string | null = null;
  for (let index = start; index < steps.length; index++) {
    const step = steps[index]!;
    let { outcome, seconds } = await runCheck(step, createFacts(context));
    if (outcome.status === 'failed' && repaired !== null && !stopped) ({ outcome, seconds } = await settle(step, outcome, repaired, context));
    const unchanged = !inputsChanged(ledger[step.id]?.greenInputHash, step, digests);
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
      repaired = step.fix.command;
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

/**
 * Inputs count as changed only when the ledger knows the step green with other inputs: a passing step the ledger
 * has never seen green (a first run, a lost state folder) is taken as it is, not re-applied.
 */
function inputsChanged(greenHash: string | undefined, step: ChecklistStep<StepId>, digests: InputDigests): boolean {
  return greenHash !== undefined && greenHash !== stepInputHash(step.inputs, digests);
}

const DEFAULT_SETTLE_MS = 30_000;
const SETTLE_POLL_MS = 2_000;

/**
 * A step failing right after an earlier repair is re-checked (every 2 s, within its settle time, each wait said)
 * before it is judged: a recreated broker or a restarted CouchDB takes its clients a little while to reconnect to.
 * A failure the check read from stored state (`lasting`) is judged at once: a missing credential does not reconnect.
 */
async function settle(
  step: ChecklistStep<StepId>,
  first: CheckOutcome,
  repaired: string,
  context: CommandContext,
): Promise<{ outcome: CheckOutcome; seconds: number }> {
  const settleMs = step.settleMs ?? DEFAULT_SETTLE_MS;
  if (settleMs <= 0) return { outcome: first, seconds: 0 };
  if (first.lasting) {
    context.log.info(`checklist: ${step.id}: ${shorten(first.cause)}; stored state, which no wait changes: repairing it now`);
    return { outcome: first, seconds: 0 };
  }
  const clock = context.clock ?? systemClock;
  const started = clock.now();
  context.log.info(
    `checklist: ${step.id}: ${shorten(first.cause)}; \`${repaired}\` just repaired what it depends on: re-checking every ${SETTLE_POLL_MS / 1000} s for up to ${settleMs / 1000} s`,
  );
  let last = first;
  try {
    await retry(
      async () => {
        last = (await runCheck(step, createFacts(context))).outcome;
        if (last.status === 'failed') throw new Error(last.cause);
      },
      {
        timeoutMs: settleMs,
        intervalMs: SETTLE_POLL_MS,
        clock,
        signal: context.signal,
        onRetry: () =>
          context.log.info(
            `checklist: ${step.id}: still failing (${Math.round((clock.now() - started) / 1000)} of ${settleMs / 1000} s): ${shorten(last.cause)}`,
          ),
      },
    );
  } catch (error) {
    if ((error as Error).name === 'InterruptedError') throw error;
  }
  return { outcome: last, seconds: (clock.now() - started) / 1000 };
}

const shorten = (text = ''): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
