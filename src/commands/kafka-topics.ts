import type { Admin } from 'kafkajs';
import { createAuditLedger } from '../audit/audit-ledger.js';
import { createKafkaClient } from '../clients/kafka-client.js';
import { kafkaLoginFor } from '../clients/kafka-login.js';
import { applyTopicPlan, describeChange, planTopic, readTopics, retentionOf } from '../kafka/topics.js';
import { ensureSecrets } from '../secrets/secrets.js';
import { OperationError, throwIfAborted } from '../shared/errors.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { CommandContext } from './context.js';

export interface TopicReport {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic-level `retention.ms`; null when the topic inherits the broker default. */
  retentionMs: number | null;
  /** What this run changed, in words; empty when the topic already matched. */
  changes: string[];
  refused: string[];
}

export interface KafkaTopicsResult {
  changed: boolean;
  topics: TopicReport[];
}

/**
 * `rocketctl kafka topics`: every configured topic created or brought to its configured partitions and
 * retention through the broker as `admin`; each change is in the audit ledger before it is made.
 */
export async function kafkaTopics(context: CommandContext): Promise<KafkaTopicsResult> {
  const { config, log, signal } = context;
  const desired = config.kafka.topics;
  const names = Object.keys(desired);
  // Connect to ZooKeeper first: without the ledger, nothing may change.
  return withZooKeeper(config, { signal }, async (zk) => {
    const audit = createAuditLedger(zk);
    return withKafkaAdmin(context, async (admin) => {
      const before = await readTopics(admin, names);
      const plans = names.map((name) => planTopic(name, desired[name]!, before.get(name) ?? null));
      for (const plan of plans) {
        throwIfAborted(signal);
        await applyTopicPlan(admin, plan, audit);
        for (const change of plan.changes) log.info(`${plan.name}: ${describeChange(change)}`);
        for (const refusal of plan.refused) log.warn(`${plan.name}: ${refusal}`);
      }
      const changed = plans.some((plan) => plan.changes.length > 0);
      const refused = plans.filter((plan) => plan.refused.length > 0).length;
      if (!changed)
        log.info(
          refused === 0
            ? `all ${names.length} topics already match the config; nothing changed`
            : `nothing changed; ${refused} topic(s) differ in ways rocketctl will not change (see the warnings)`,
        );
      const after = changed ? await readTopics(admin, names) : before;
      const topics = plans.map((plan): TopicReport => {
        const state = after.get(plan.name);
        if (!state)
          throw new OperationError(`topic ${plan.name} is still missing after it was created`, 'check the broker log (`rocketctl logs kafka`) and re-run');
        const { partitions, replicationFactor } = state;
        return {
          name: plan.name,
          partitions,
          replicationFactor,
          retentionMs: retentionOf(state),
          changes: plan.changes.map(describeChange),
          refused: plan.refused,
        };
      });
      return { changed, topics };
    });
  });
}

/** A kafkajs admin logged in as the super user `admin` over SASL_SSL (TLS 1.3); every client is closed after, or on abort. */
async function withKafkaAdmin<T>(context: CommandContext, work: (admin: Admin) => Promise<T>): Promise<T> {
  const login = await kafkaLoginFor(context.config, await ensureSecrets(context), 'admin');
  const client = createKafkaClient(login, { signal: context.signal, log: context.log });
  try {
    const admin = await client.admin().catch((error: Error & { hint?: string }) => {
      throw new OperationError(
        `cannot log in to Kafka at ${login.broker} as admin: ${error.message}`,
        'is the broker up (`rocketctl status`)? `rocketctl up` starts it and writes the admin credential',
        { cause: error },
      );
    });
    return await work(admin);
  } finally {
    await client.close();
  }
}
