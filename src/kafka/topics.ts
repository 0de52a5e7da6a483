import kafkajs, { type Admin } from 'kafkajs';
import type { AuditLedger } from '../audit/audit-ledger.js';
import { OperationError } from '../shared/errors.js';

/** What the config asks for, per topic. */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  retentionMs: number;
}

/** A topic as the broker has it; `overrides` are its topic-level configs (what AlterConfigs replaces). */
export interface TopicState {
  partitions: number;
  replicationFactor: number;
  overrides: Record<string, string>;
}

export type TopicChange =
  | { kind: 'create'; settings: TopicSettings }
  | { kind: 'add-partitions'; from: number; to: number }
  | { kind: 'alter-config'; overrides: Record<string, string>; detail: string };

export interface TopicPlan {
  name: string;
  changes: TopicChange[];
  /** What the config asks for but Kafka cannot do in place; reported, never attempted. */
  refused: string[];
}

// kafkajs' index.js hides these from Node's named-export detection for CommonJS.
const { ConfigResourceTypes } = kafkajs;
const RETENTION = 'retention.ms';
const TOPIC_CONFIG_SOURCE = 1; // ConfigSource.TOPIC_CONFIG: set on the topic itself, not inherited

/** Pure: the changes that bring `current` (null = missing) to `desired`. Partitions only ever grow. */
export function planTopic(name: string, desired: TopicSettings, current: TopicState | null): TopicPlan {
  if (current === null) return { name, changes: [{ kind: 'create', settings: desired }], refused: [] };
  const changes: TopicChange[] = [];
  const refused: string[] = [];
  if (desired.partitions > current.partitions) changes.push({ kind: 'add-partitions', from: current.partitions, to: desired.partitions });
  if (desired.partitions < current.partitions) {
    refused.push(
      `has ${current.partitions} partitions, the config asks for ${desired.partitions}: Kafka cannot remove partitions (set partitions: ${current.partitions}, or recreate the topic and lose its data)`,
    );
  }
  if (desired.replicationFactor !== current.replicationFactor) {
    refused.push(
      `has replication factor ${current.replicationFactor}, the config asks for ${desired.replicationFactor}: that needs a partition reassignment, which rocketctl does not do`,
    );
  }
  const retention = String(desired.retentionMs);
  if (current.overrides[RETENTION] !== retention) {
    // AlterConfigs replaces the topic's whole override set: keep every other override as it is.
    const detail = `${RETENTION} ${current.overrides[RETENTION] ?? '(broker default)'} → ${retention}`;
    changes.push({ kind: 'alter-config', overrides: { ...current.overrides, [RETENTION]: retention }, detail });
  }
  return { name, changes, refused };
}

/** Reads partitions, replication and topic-level configs of those `names` that exist. */
export async function readTopics(admin: Admin, names: readonly string[]): Promise<Map<string, TopicState>> {
  const existing = new Set(await admin.listTopics());
  const present = names.filter((name) => existing.has(name));
  if (present.length === 0) return new Map();
  const [{ topics }, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: present }),
    admin.describeConfigs({ resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })), includeSynonyms: false }),
  ]);
  return new Map(
    topics.map((topic) => {
      const entries = configs.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
      const overrides = Object.fromEntries(entries.filter((e) => e.configSource === TOPIC_CONFIG_SOURCE).map((e) => [e.configName, e.configValue]));
      return [topic.name, { partitions: topic.partitions.length, replicationFactor: topic.partitions[0]?.replicas.length ?? 0, overrides }];
    }),
  );
}

/** Makes each change through the broker, each one recorded in the audit ledger first. */
export async function applyTopicPlan(admin: Admin, plan: TopicPlan, audit: AuditLedger): Promise<void> {
  const entity = `topics/${plan.name}`;
  for (const change of plan.changes) {
    const broker = (call: () => Promise<unknown>) =>
      call().catch((error: unknown) => {
        throw new OperationError(
          `the broker refused ${plan.name}: ${describeChange(change)}: ${brokerError(error)}`,
          'fix the topic settings in the config file (or the broker, `rocketctl logs kafka`), then re-run',
          { cause: error },
        );
      });
    if (change.kind === 'create') {
      const { partitions, replicationFactor, retentionMs } = change.settings;
      const configEntries = [{ name: RETENTION, value: String(retentionMs) }];
      await audit.record({
        action: 'topic-create',
        entity,
        newState: JSON.stringify({ partitions, replicationFactor, config: { [RETENTION]: String(retentionMs) } }),
      });
      await broker(() =>
        admin.createTopics({ topics: [{ topic: plan.name, numPartitions: partitions, replicationFactor, configEntries }], waitForLeaders: true }),
      );
    } else if (change.kind === 'add-partitions') {
      await audit.record({ action: 'topic-partitions-add', entity, newState: JSON.stringify({ partitions: change.to }) });
      await broker(() => admin.createPartitions({ topicPartitions: [{ topic: plan.name, count: change.to }] }));
    } else {
      await audit.record({ action: 'topic-config-alter', entity, newState: JSON.stringify({ config: change.overrides }) });
      const configEntries = Object.entries(change.overrides).map(([name, value]) => ({ name, value }));
      await broker(() => admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: plan.name, configEntries }] }));
    }
  }
}

// kafkajs puts the broker's error code on the error itself or, for CreateTopics, on each aggregated error.
function brokerError(error: unknown): string {
  const e = error as { message?: string; type?: string; errors?: Array<{ type?: string; message?: string }> };
  const parts = e.errors?.map((inner) => inner.type ?? inner.message) ?? [e.type ?? e.message];
  return parts.filter(Boolean).join(', ') || String(error);
}

export function describeChange(change: TopicChange): string {
  if (change.kind === 'create')
    return `created (${change.settings.partitions} partitions, replication ${change.settings.replicationFactor}, ${RETENTION} ${change.settings.retentionMs})`;
  if (change.kind === 'add-partitions') return `partitions ${change.from} → ${change.to}`;
  return change.detail;
}

export const retentionOf = (state: TopicState): number | null => (state.overrides[RETENTION] === undefined ? null : Number(state.overrides[RETENTION]));
