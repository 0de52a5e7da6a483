import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fourLetterWordCommand, isServingInEnsemble, parseSrvrMode } from './zookeeper.js';

test('srvr: the Mode line, "not serving" without quorum, and a clear error for anything else', () => {
  assert.equal(parseSrvrMode('Zookeeper version: 3.8.4\nLatency min/avg/max: 0/0.0/0\nMode: leader\nNode count: 5\n'), 'leader');
  assert.equal(parseSrvrMode('Mode: follower\n'), 'follower');
  assert.equal(parseSrvrMode('This ZooKeeper instance is not currently serving requests\n'), 'not-serving');
  assert.throws(() => parseSrvrMode(''), /unexpected srvr reply: \(empty\)/);
  assert.throws(() => parseSrvrMode('imok'), /unexpected srvr reply: imok/);
});

test('only a leader or a follower is in a serving ensemble (ruok-style "standalone" is not)', () => {
  assert.ok(isServingInEnsemble('leader') && isServingInEnsemble('follower'));
  assert.ok(!isServingInEnsemble('standalone') && !isServingInEnsemble('not-serving'));
  assert.deepEqual(fourLetterWordCommand('mntr', 2182).slice(0, 2), ['bash', '-c']);
  assert.match(fourLetterWordCommand('mntr', 2182)[2]!, /\/dev\/tcp\/127\.0\.0\.1\/2182.*printf mntr/);
});
