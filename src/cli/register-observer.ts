import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './runner.js';
import { printJson } from './output.js';

export function registerObserverCommands(program: Command, run: Runner): void {
  const observer = program.command('observer').description("the offline-first observer's encrypted documents (AES-256-GCM)");
  observer
    .command('decrypt <id>')
    .description('print one observer document decrypted, on purpose (a modified or moved document is refused, exit 1)')
    .option('--from <where>', "local (the observer's store) or couchdb; default: local, else CouchDB")
    .action((id: string, options: { from?: string }) =>
      run(async (context) => {
        const { observerDecrypt } = await import('../commands/observer-decrypt.js');
        // Printed on purpose, like `secrets get`: the payload is what the operator asked for.
        printJson(await observerDecrypt(context, id, options));
        return ExitCode.ok;
      }),
    );
  observer
    .command('rotate-key')
    .description('retire the current observer key (kept to open older documents) and generate a new one')
    .action(() =>
      run(async (context, globals) => {
        const { observerRotateKey } = await import('../commands/observer-rotate-key.js');
        const result = await observerRotateKey(context);
        if (globals.json) printJson({ ok: true, ...result });
        return ExitCode.ok;
      }),
    );
}
