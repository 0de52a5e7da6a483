import type { Command } from 'commander';
import { SECRET_CATALOG, SECRET_NAMES, envVariablesFor } from '../secrets/catalog.js';
import { ExitCode } from '../shared/errors.js';
import { completeWith } from './completion/completion-values.js';
import type { Runner } from './runner.js';
import { printJson, printTable } from './output.js';

export function registerSecretsCommands(program: Command, run: Runner): void {
  const secrets = program.command('secrets').description('generated passwords in .rocketctl/secrets.env (0600)');
  completeWith(secrets.command('get <name>'), SECRET_NAMES)
    .description('print one secret on purpose (the only command that prints a secret)')
    .action((name: string) =>
      run(async (context, globals) => {
        const { secretsGet } = await import('../commands/secrets-get.js');
        const value = await secretsGet(context, name);
        // Deliberately not redacted: printing it is the point of this command.
        if (globals.json) process.stdout.write(`${JSON.stringify({ name, value })}\n`);
        else process.stdout.write(`${value}\n`);
        return ExitCode.ok;
      }),
    );
  secrets
    .command('names')
    .description('list the secret names and the environment variables that override them (no values)')
    .action(() =>
      run(async (_context, globals) => {
        const rows = SECRET_NAMES.map((name) => ({ name, overriddenBy: envVariablesFor(name), about: SECRET_CATALOG[name].about }));
        if (globals.json) printJson(rows);
        else printTable([['NAME', 'ENV OVERRIDE', 'USED FOR'], ...rows.map((r) => [r.name, r.overriddenBy.join(' or '), r.about])]);
        return ExitCode.ok;
      }),
    );
}
