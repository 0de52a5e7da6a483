import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { junitReport } from '../checklist/junit.js';
import { isGreen, type ChecklistReport } from '../checklist/report.js';
import { resumeSteps } from '../checklist/resume.js';
import { verifySteps } from '../checklist/run-checks.js';
import type { ChecklistStep } from '../checklist/step.js';
import { CHECKLIST, STEP_IDS, type StepId } from '../checklist/steps.js';
import { UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

export interface ChecklistOptions {
  /** Repair from the first failing step (or `from`) on. */
  resume?: boolean;
  /** Start at this step (verify: check from it on; resume: repair from it on). */
  from?: string;
  /** Only this step. */
  only?: string;
  /** Also write a JUnit XML report here. */
  junit?: string;
}

/** `rocketctl checklist [--resume] [--from STEP | --only STEP] [--junit FILE]`: every step verified for real. */
export async function checklist(context: CommandContext, options: ChecklistOptions = {}): Promise<ChecklistReport> {
  const { steps, from } = selectSteps(options);
  const reports = options.resume ? await resumeSteps(context, steps, from ? { from } : {}) : await verifySteps(context, steps);
  if (options.junit) await writeFile(path.resolve(options.junit), junitReport(reports));
  return { ok: isGreen(reports), steps: reports };
}

/** The steps `--from`/`--only` choose (with --resume, `--from` is where repair starts; every step is still checked). */
export function selectSteps(options: Pick<ChecklistOptions, 'resume' | 'from' | 'only'>): { steps: readonly ChecklistStep<StepId>[]; from?: StepId } {
  const from = parseStep(options.from, '--from');
  const only = parseStep(options.only, '--only');
  if (from && only)
    throw new UsageError('--from and --only cannot be used together', 'use --only STEP for one step, or --from STEP for that step and the ones after it');
  const steps: readonly ChecklistStep<StepId>[] = only
    ? CHECKLIST.filter((s) => s.id === only)
    : from && !options.resume
      ? CHECKLIST.slice(CHECKLIST.findIndex((s) => s.id === from))
      : CHECKLIST;
  return { steps, ...(from ? { from } : {}) };
}

function parseStep(value: string | undefined, flag: string): StepId | undefined {
  if (value === undefined) return undefined;
  if (!(STEP_IDS as readonly string[]).includes(value)) throw new UsageError(`${flag}: unknown step "${value}"`, `use one of: ${STEP_IDS.join(', ')}`);
  return value as StepId;
}
