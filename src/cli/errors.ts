import chalk from 'chalk';
import { CommanderError } from 'commander';
import { ExitCode, RocketError, exitCodeFor, type ExitCodeValue } from '../shared/errors.js';
import { redact } from '../shared/redact.js';
import { printJson } from './output.js';

/** The one place an error becomes output and an exit code. */
export function reportError(error: unknown, options: { json: boolean; debug: boolean }): ExitCodeValue {
  if (error instanceof CommanderError) {
    // commander has already printed its own message (unknown option, missing argument).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const exitCode = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof RocketError ? error.hint : undefined;
  process.stderr.write(redact(`${chalk.red('error:')} ${message}\n`));
  if (hint) process.stderr.write(redact(`${chalk.yellow('fix:')} ${hint}\n`));
  if (options.debug && error instanceof Error && error.stack) process.stderr.write(redact(`${error.stack}\n`));
  if (!(error instanceof RocketError) && !options.debug && exitCode !== ExitCode.interrupted) {
    process.stderr.write('(an unexpected error: re-run with --debug for the stack trace, and report it)\n');
  }
  if (options.json) printJson({ ok: false, error: { message, ...(hint ? { hint } : {}), exitCode } });
  return exitCode;
}
