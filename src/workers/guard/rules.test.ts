import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuardRules } from './rules.js';

const settings = { allowedTypes: ['telemetry'], maxFutureSkewMs: 60_000, burstWindowMs: 1000, burstLimit: 3, rememberIds: 2 };
const record = (id: string, seq: number, type = 'telemetry', ts: number | null = 1_000_000) => JSON.stringify({ id, seq, type, ts });

test('a plain telemetry record raises nothing; a redelivery (same id and seq) is counted, not raised', () => {
  const rules = createGuardRules(settings);
  assert.deepEqual(rules.evaluate(record('a', 1), 1_000_000), []);
  assert.deepEqual(rules.evaluate(record('a', 1), 1_000_500), []);
  assert.equal(rules.stats().redelivered, 1);
});

test('each rule raises its alert', () => {
  const rules = createGuardRules(settings);
  assert.deepEqual(
    rules.evaluate('not json', 0).map((a) => a.rule),
    ['malformed-record'],
  );
  assert.deepEqual(
    rules.evaluate(JSON.stringify({ id: 'x' }), 0).map((a) => a.rule),
    ['malformed-record'],
  );
  assert.deepEqual(
    rules.evaluate(record('b', 2, 'deleted', null), 0).map((a) => a.rule),
    ['unknown-type'],
  );
  assert.deepEqual(
    rules.evaluate(record('c', 3, 'telemetry', 5_000_000), 1_000_000).map((a) => a.rule),
    ['future-timestamp'],
  );
  assert.deepEqual(
    rules.evaluate(record('c', 9, 'telemetry', 5_000_000), 5_000_000).map((a) => [a.rule, a.id]),
    [['document-changed', 'c']],
  );
  const stats = rules.stats();
  assert.deepEqual(stats.alerts, { 'malformed-record': 2, 'unknown-type': 1, 'future-timestamp': 1, 'document-changed': 1, burst: 0 });
});

test('burst: raised once when a window exceeds the limit', () => {
  const rules = createGuardRules({ ...settings, rememberIds: 100 });
  const raised = [1, 2, 3, 4, 5, 6].flatMap((n) => rules.evaluate(record(`d${n}`, n, 'telemetry', 7_000_100 + n), 7_000_500));
  assert.deepEqual(
    raised.map((a) => a.rule),
    ['burst'],
  );
  assert.deepEqual(rules.evaluate(record('e', 7, 'telemetry', 7_001_100), 7_001_100), [], 'the next window starts again');
});

test('ids are remembered up to rememberIds (oldest forgotten first)', () => {
  const rules = createGuardRules({ ...settings, burstLimit: 100 });
  for (const id of ['p', 'q', 'r']) rules.evaluate(record(id, 1), 1_000_000);
  assert.deepEqual(rules.evaluate(record('p', 2), 1_000_000), [], 'p was forgotten');
  assert.deepEqual(
    rules.evaluate(record('r', 2), 1_000_000).map((a) => a.rule),
    ['document-changed'],
  );
});
