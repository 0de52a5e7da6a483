import { createAuditLedger } from '../audit/audit-ledger.js';
import { writeKafkaClientEnvFile } from './client-env-file.js';
import { KAFKA_SCRAM_USERS, writeScramCredentials, type KafkaScramUser, type ScramWriteResult } from './scram-users.js';
import { rotateSecret } from '../secrets/rotate.js';
import { ensureSecrets, secretsFilePath } from '../secrets/secrets.js';
import { UsageError } from '../shared/errors.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Logger } from '../shared/log.js';

/** What syncing credentials needs from its caller (a command, or `up`'s hook before Kafka starts). */
export interface ScramSyncContext {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: Logger;
}

export interface KafkaScramOptions {
  /** One user; default: every user rocketctl manages. */
  user?: string;
  /** New random password in the secrets file, then a new credential in ZooKeeper. */
  rotate?: boolean;
}

export interface KafkaScramResult {
  users: Array<ScramWriteResult & { envFile: string }>;
}

/**
 * SCRAM-SHA-512 credentials of the managed users in ZooKeeper (audited, unchanged ones left alone) and
 * their 0600 client env files; with `rotate`, a new password in the secrets file first.
 */
export async function syncKafkaScram(context: ScramSyncContext, options: KafkaScramOptions = {}): Promise<KafkaScramResult> {
  const { config, log, signal } = context;
  const names = selectUsers(options.user);
  const secrets = await ensureSecrets(context);
  if (options.rotate) {
    const overridden = names.filter((name) => secrets.source(KAFKA_SCRAM_USERS[name]) !== secretsFilePath(config.stateDir));
    if (overridden.length > 0) {
      const variables = overridden.map((name) => secrets.source(KAFKA_SCRAM_USERS[name])).join(', ');
      throw new UsageError(
        `--rotate cannot change a password set by ${variables}`,
        `put a new value in ${variables} and run without --rotate, or unset it to let rocketctl generate and rotate the password`,
      );
    }
  }
  // Connect first: with ZooKeeper down, nothing (not even the secrets file) may change.
  const users = await withZooKeeper(config, { signal }, async (zk) => {
    const audit = createAuditLedger(zk);
    const done: KafkaScramResult['users'] = [];
    // One user at a time, so an interruption leaves each user either fully old or fully new.
    for (const name of names) {
      const secret = KAFKA_SCRAM_USERS[name];
      const password = options.rotate ? await rotateSecret(config.stateDir, secret) : secrets.get(secret);
      const [result] = await writeScramCredentials({
        zk,
        users: [{ name, password }],
        iterations: config.kafka.scramIterations,
        rotate: options.rotate ?? false,
        audit,
        signal,
      });
      const env = await writeKafkaClientEnvFile(config, { name, password });
      log.info(
        `${name}: ${result!.changed ? `SCRAM-SHA-512 credential written to ${result!.path}` : 'credential already current, nothing written'}${env.changed ? `; wrote ${env.file}` : ''}`,
      );
      done.push({ ...result!, envFile: env.file });
    }
    return done;
  });
  if (options.rotate && names.includes('admin')) {
    log.warn('the broker authenticates to itself as "admin": run `rocketctl up` so it gets the new password before its next restart');
  }
  return { users };
}

function selectUsers(user: string | undefined): KafkaScramUser[] {
  const known = Object.keys(KAFKA_SCRAM_USERS) as KafkaScramUser[];
  if (user === undefined) return known;
  if (!(known as string[]).includes(user)) throw new UsageError(`unknown Kafka user "${user}"`, `use one of: ${known.join(', ')}`);
  return [user as KafkaScramUser];
}
