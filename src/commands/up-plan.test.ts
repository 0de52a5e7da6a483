import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { buildSpecShapes } from '../services/build-specs.js';
import { UsageError } from '../shared/errors.js';
import { selectSpecs } from './up-plan.js';

let config: ResolvedConfig;
before(async () => {
  config = await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} });
});
const names = (requested: string[]) => selectSpecs(config, buildSpecShapes(config), requested).map((spec) => spec.name);

test('no service named: every enabled one, in dependency order', () => {
  assert.deepEqual(names([]), ['zookeeper-1', 'zookeeper-2', 'zookeeper-3', 'kafka', 'cockroach', 'cassandra', 'postgres', 'couchdb']);
});

test('a service brings what it depends on; one ZooKeeper peer brings its ensemble', () => {
  assert.deepEqual(names(['kafka']), ['zookeeper-1', 'zookeeper-2', 'zookeeper-3', 'kafka']);
  assert.deepEqual(names(['zookeeper-2']), ['zookeeper-1', 'zookeeper-2', 'zookeeper-3']);
  assert.deepEqual(names(['postgres', 'couchdb']), ['postgres', 'couchdb']);
});

test('an unknown or disabled service is a usage error naming the fix', () => {
  assert.throws(
    () => names(['mongo']),
    (error: unknown) => error instanceof UsageError && /unknown service "mongo"/.test(error.message) && /zookeeper-1/.test(error.hint ?? ''),
  );
});
