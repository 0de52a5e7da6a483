import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTopic } from './topics.js';

const desired = { partitions: 3, replicationFactor: 1, retentionMs: 604_800_000 };

test('a missing topic is created with its settings', () => {
  assert.deepEqual(planTopic('t', desired, null).changes, [{ kind: 'create', settings: desired }]);
});

test('a topic that matches needs nothing', () => {
  const plan = planTopic('t', desired, { partitions: 3, replicationFactor: 1, overrides: { 'retention.ms': '604800000' } });
  assert.deepEqual([plan.changes, plan.refused], [[], []]);
});

test('retention drift is repaired and every other override is kept (AlterConfigs replaces the set)', () => {
  const plan = planTopic('t', desired, { partitions: 3, replicationFactor: 1, overrides: { 'retention.ms': '1000', 'max.message.bytes': '2048' } });
  assert.deepEqual(plan.changes, [
    { kind: 'alter-config', overrides: { 'retention.ms': '604800000', 'max.message.bytes': '2048' }, detail: 'retention.ms 1000 → 604800000' },
  ]);
});

test('partitions grow but never shrink; replication is never changed in place', () => {
  assert.deepEqual(planTopic('t', desired, { partitions: 1, replicationFactor: 1, overrides: { 'retention.ms': '604800000' } }).changes, [
    { kind: 'add-partitions', from: 1, to: 3 },
  ]);
  const shrink = planTopic('t', desired, { partitions: 6, replicationFactor: 3, overrides: { 'retention.ms': '604800000' } });
  assert.deepEqual(shrink.changes, []);
  assert.equal(shrink.refused.length, 2);
  assert.match(shrink.refused[0]!, /cannot remove partitions/);
  assert.match(shrink.refused[1]!, /replication factor 3/);
});
