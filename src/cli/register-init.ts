import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { printJson, printLine } from './output.js';
import type { StandaloneRunner } from './runner.js';

export function registerInitCommand(program: Command, runStandalone: StandaloneRunner): void {
  program
    .command('init')
    .description('write a commented rocketctl.config.ts (every option, its default and why) and git-ignore the state folder and private keys')
    .option('--dir <dir>', 'the project folder (default: the current folder; made if only it is missing)')
    .action((options: { dir?: string }) =>
      runStandalone(async (context, globals) => {
        const { init } = await import('../commands/init.js');
        const result = await init(context, options);
        if (globals.json) printJson({ ok: true, ...result });
        else {
          const shown = (file: string) => path.relative(context.cwd, file) || file;
          printLine(`wrote ${shown(result.configFile)}: every option with its default, switched off (remove the // in front of one to change it)`);
          const { gitignore } = result;
          if (gitignore.added.length === 0) printLine(`${shown(gitignore.file)}: already ignores the state folder and the private keys`);
          else printLine(`${shown(gitignore.file)}: ${gitignore.created ? 'created with' : 'added'} ${gitignore.added.join(' ')}`);
          printLine(`next: rocketctl certs gen, then rocketctl up${result.dir === context.cwd ? '' : ` (in ${shown(result.dir)})`}`);
        }
        return ExitCode.ok;
      }),
    );
}
