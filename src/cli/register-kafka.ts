import { Option, type Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { completeWith } from './completion/completion-values.js';
import type { Runner } from './runner.js';
import { printJson, printTable } from './output.js';

export function registerKafkaCommands(program: Command, run: Runner): void {
  const kafka = program
    .command('kafka')
    .description('Kafka identities, ACLs and topics: credentials and ACLs written to ZooKeeper exactly as Kafka stores them');
  kafka
    .command('scram')
    .description('SCRAM-SHA-512 credentials for admin, guard-producer and guard-consumer in ZooKeeper (audited); writes .rocketctl/kafka-<user>.env')
    .addOption(
      completeWith(new Option('--user <name>', 'only this user (admin, guard-producer or guard-consumer)'), async () =>
        Object.keys((await import('../kafka/scram-users.js')).KAFKA_SCRAM_USERS),
      ),
    )
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
  kafka
    .command('topics')
    .description('create or update the configured topics (partitions, replication, retention.ms) through the broker as admin; audited; never shrinks')
    .action(() =>
      run(async (context, globals) => {
        const { kafkaTopics } = await import('../commands/kafka-topics.js');
        const result = await kafkaTopics(context);
        if (globals.json) printJson({ ok: true, ...result });
        else {
          printTable([
            ['TOPIC', 'PARTITIONS', 'REPLICATION', 'RETENTION.MS', 'THIS RUN'],
            ...result.topics.map((t) => [
              t.name,
              String(t.partitions),
              String(t.replicationFactor),
              t.retentionMs?.toString() ?? 'default',
              [...t.changes, ...t.refused.map((r) => `REFUSED: ${r}`)].join('; ') || 'unchanged',
            ]),
          ]);
        }
        return ExitCode.ok;
      }),
    );
  kafka
    .command('acls')
    .description(
      'per-topic ACLs (guard-producer writes security-guard-feed; guard-consumer reads it and writes telemetry-alerts) added to ZooKeeper; audited; lists every ACL',
    )
    .action(() =>
      run(async (context, globals) => {
        const { kafkaAcls } = await import('../commands/kafka-acls.js');
        const result = await kafkaAcls(context);
        if (globals.json) printJson({ ok: true, ...result });
        else {
          printTable([
            ['RESOURCE', 'PATTERN', 'PRINCIPAL', 'PERMISSION', 'OPERATION', 'HOST'],
            ...result.acls.flatMap((r) =>
              r.acls.map((a) => [`${r.resourceType}:${r.name}`, r.patternType, a.principal, a.permissionType, a.operation, a.host]),
            ),
          ]);
        }
        return ExitCode.ok;
      }),
    );
}
