import { Argument, type Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { packageVersion } from '../shared/package-files.js';
import { SHELLS, type Shell } from './completion/shells.js';
import { printJson } from './output.js';
import type { StandaloneRunner } from './runner.js';

export function registerCompletionCommand(program: Command, runStandalone: StandaloneRunner): void {
  program
    .command('completion')
    .description('print a completion script for bash, zsh or fish: commands, options, and service and worker names where they are taken')
    .addArgument(new Argument('<shell>', 'the shell the script is for').choices(SHELLS))
    .action((shell: Shell) =>
      runStandalone(async (_context, globals) => {
        const { completionScript } = await import('./completion/completion-script.js');
        const script = await completionScript(program, shell, packageVersion());
        // As made, not through the redactor: a script holds no secret (and none is known: no project was read).
        if (globals.json) printJson({ shell, script });
        else process.stdout.write(script);
        return ExitCode.ok;
      }),
    );
}
