import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEP_IDS } from '../checklist/steps.js';
import { ExitCode, UsageError, exitCodeFor } from '../shared/errors.js';
import { selectSteps } from './checklist.js';

// The ids are a contract (`--from`, `--only`, the JSON, the ledger, CI scripts): pinned here by hand.
test('the checklist has the ten documented steps, in the order an operator brings the backend back', () => {
  assert.deepEqual(STEP_IDS, [
    'tls-assets',
    'stack-up',
    'zookeeper-quorum',
    'schemas-users',
    'cockroach-tls',
    'cassandra-tls',
    'kafka-tls',
    'kafka-scram',
    'workers',
    'telemetry',
  ]);
});

test('--from STEP checks that step and the ones after it; --only STEP that step alone; for every step', () => {
  STEP_IDS.forEach((id, index) => {
    assert.deepEqual(
      selectSteps({ from: id }).steps.map((s) => s.id),
      STEP_IDS.slice(index),
    );
    assert.deepEqual(
      selectSteps({ only: id }).steps.map((s) => s.id),
      [id],
    );
  });
  // With --resume every step is checked; --from only says where repair starts.
  assert.deepEqual(
    selectSteps({ resume: true, from: 'kafka-tls' }).steps.map((s) => s.id),
    STEP_IDS,
  );
  assert.equal(selectSteps({ resume: true, from: 'kafka-tls' }).from, 'kafka-tls');
});

test('an unknown step for --from or --only is a usage error (exit 2) naming the known ones, never a silent last step', () => {
  for (const options of [{ from: 'kafka' }, { only: 'telemetry ' }, { only: '' }, { from: 'workers', only: 'telemetry' }]) {
    assert.throws(
      () => selectSteps(options),
      (error: unknown) => error instanceof UsageError && exitCodeFor(error) === ExitCode.usage,
      JSON.stringify(options),
    );
  }
  assert.throws(() => selectSteps({ from: 'nope' }), /--from: unknown step "nope"/);
  assert.throws(
    () => selectSteps({ only: 'nope' }),
    (error: unknown) => error instanceof UsageError && error.hint!.includes(STEP_IDS.join(', ')),
  );
});
