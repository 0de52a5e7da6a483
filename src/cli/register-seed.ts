import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './runner.js';
import { printJson, printLine } from './output.js';

export function registerSeedCommand(program: Command, run: Runner): void {
  program
    .command('seed')
    .description('schemas and least-privilege roles (observer_writer, replicator) in every store; idempotent')
    .option('--rotate', 're-issue the observer_writer and replicator passwords: secrets file first, then every store', false)
    .action((options: { rotate: boolean }) =>
      run(async (context, globals) => {
        const { seed, describeOutcome } = await import('../commands/seed.js');
        const result = await seed(context, options);
        if (globals.json) printJson({ ok: true, ...result });
        else {
          if (result.rotated.length) printLine(`rotated: ${result.rotated.join(', ')} (print one with \`rocketctl secrets get NAME\`)`);
          for (const store of result.stores) printLine(`${store.store}: ${store.state === 'seeded' ? describeOutcome(store) : `skipped (${store.reason})`}`);
        }
        return ExitCode.ok;
      }),
    );
}
