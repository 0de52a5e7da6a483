import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './runner.js';
import { printJson, printTable } from './output.js';

export function registerAuditCommands(program: Command, run: Runner): void {
  const audit = program.command('audit').description('the audit ledger of credential and ACL changes, kept in ZooKeeper');
  audit
    .command('log')
    .description('every ledger entry, oldest first (no secret is ever recorded, only a digest of the new state)')
    .action(() =>
      run(async (context, globals) => {
        const { auditLog } = await import('../commands/audit-log.js');
        const entries = await auditLog(context);
        if (globals.json) printJson({ entries });
        else {
          printTable([
            ['ID', 'TIME', 'ACTOR', 'ACTION', 'ENTITY', 'MECHANISM', 'ITERATIONS', 'DIGEST'],
            ...entries.map((e) =>
              e.malformed !== undefined
                ? [e.id, '-', '-', 'MALFORMED', e.malformed, '-', '-', '-']
                : [
                    e.id,
                    e.time,
                    `${e.actor.user}@${e.actor.host}`,
                    e.action,
                    e.entity,
                    e.mechanism ?? '-',
                    e.iterations?.toString() ?? '-',
                    e.digest.slice(0, 19),
                  ],
            ),
          ]);
        }
        // A malformed entry is shown, and makes the ledger's check fail: someone wrote there by hand.
        return entries.some((e) => e.malformed !== undefined) ? ExitCode.failed : ExitCode.ok;
      }),
    );
}
