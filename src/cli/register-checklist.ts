import { Option, type Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { completeWith } from './completion/completion-values.js';
import type { Runner } from './runner.js';
import { printJson, printLine, printTable } from './output.js';

const MARK = { ok: '✔', failed: '✖', skipped: '-' } as const;

// Loaded only when a completion script is made: the steps bring their probes with them.
const stepIds = async () => (await import('../checklist/steps.js')).STEP_IDS;

export function registerChecklistCommand(program: Command, run: Runner): void {
  program
    .command('checklist')
    .description('verify every step of the resume checklist for real; with --resume, repair from the first failing step on; exit 0 only when all are green')
    .option('--resume', 'repair from the first failing step on, in order (a green step with unchanged inputs is left alone)', false)
    .addOption(completeWith(new Option('--from <step>', 'start at this step'), stepIds))
    .addOption(completeWith(new Option('--only <step>', 'only this step'), stepIds))
    .option('--junit <file>', 'also write a JUnit XML report')
    .action((options: { resume: boolean; from?: string; only?: string; junit?: string }) =>
      run(async (context, globals) => {
        const { checklist } = await import('../commands/checklist.js');
        const report = await checklist(context, options);
        if (globals.json) printJson(report);
        else {
          printTable([
            ['', 'STEP', 'STATUS', 'SECONDS', 'RESULT'],
            ...report.steps.map((s) => [
              MARK[s.status],
              s.id,
              s.status,
              s.seconds.toFixed(1),
              `${s.action && s.action !== 'checked' ? `[${s.action}] ` : ''}${s.cause ?? s.detail ?? ''}`,
            ]),
          ]);
          for (const step of report.steps.filter((s) => s.fix)) printLine(`fix ${step.id}: ${step.fix}`);
        }
        return report.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
}
