import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './main.js';
import { printJson, printTable } from './output.js';

export function registerKafkaCommands(program: Command, run: Runner): void {
  const kafka = program.command('kafka').description('Kafka identities and ACLs, written to ZooKeeper exactly as Kafka stores them');
  kafka
    .command('scram')
    .description('SCRAM-SHA-512 credentials for admin and guard-producer in ZooKeeper (audited); writes .rocketctl/kafka-<user>.env')
    .option('--user <name>', 'only this user (admin or guard-producer)')
    .option('--rotate', 'generate a new password into the secrets file, then write it', false)
    .action((options: { user?: string; rotate: boolean }) =>
      run(async (context, globals) => {
        const { kafkaScram } = await import('../commands/kafka-scram.js');
        const result = await kafkaScram(context, { ...(options.user === undefined ? {} : { user: options.user }), rotate: options.rotate });
        if (globals.json) printJson({ ok: true, ...result });
        else printTable([['USER', 'CHANGED', 'ZNODE', 'ENV FILE'], ...result.users.map((u) => [u.user, u.changed ? 'yes' : 'no', u.path, u.envFile])]);
        return ExitCode.ok;
      }),
    );
}
