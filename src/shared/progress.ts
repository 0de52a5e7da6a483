import { Listr, ListrLogger, ProcessOutput, type ListrTask } from 'listr2';
import { redactingStream } from './redact.js';

/**
 * Runs tasks with listr2: the rich renderer on a TTY, plain lines in CI or a pipe; always on stderr,
 * so `--json` keeps stdout for the result. Every task runs to its end and all failures are collected.
 */
export async function runTasks<Ctx extends object>(tasks: ListrTask<Ctx>[], options: { concurrent: boolean; context: Ctx }): Promise<Ctx> {
  // Task titles, output and errors can carry a secret (a container's last log lines): through the redactor.
  const stderr = redactingStream(process.stderr);
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stderr, stderr) });
  const list = new Listr<Ctx>(tasks, {
    concurrent: options.concurrent,
    exitOnError: false,
    collectErrors: 'minimal',
    registerSignalListeners: false,
    ctx: options.context,
    rendererOptions: { logger, collapseErrors: false, showErrorMessage: true },
    fallbackRenderer: 'simple',
    fallbackRendererOptions: { logger },
    fallbackRendererCondition: !process.stderr.isTTY || process.env.CI === 'true',
  });
  return list.run();
}

/**
 * One step of a longer command shown as a listr2 task (a spinner on a TTY, a line in a pipe) whose output line
 * `work` updates as it goes; its result is returned and its error thrown as it was, not collected.
 */
export async function runStep<T>(title: string, work: (report: (line: string) => void) => Promise<T>): Promise<T> {
  let outcome: { value: T } | { error: unknown } | undefined;
  await runTasks<object>(
    [
      {
        title,
        task: async (_ctx, task) => {
          try {
            outcome = { value: await work((line) => (task.output = line)) };
          } catch (error) {
            outcome = { error };
            throw error;
          }
        },
      },
    ],
    { concurrent: false, context: {} },
  );
  if (!outcome) throw new Error(`${title}: the step did not run`);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
