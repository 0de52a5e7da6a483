import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from './resolve.js';
import { crossFieldProblems } from './rules.js';
import { userConfigSchema } from './schema.js';
import { configuredHostFor } from './configured-host.js';

const placed = {
  'zookeeper-1': { node: 'node-1' },
  'zookeeper-2': { node: 'node-2' },
  'zookeeper-3': { node: 'node-3' },
  kafka: { node: 'node-1' },
  cockroach: { labels: { 'rocketctl.role': 'sql' } },
  cassandra: { node: 'node-2' },
  postgres: { node: 'node-3' },
  couchdb: { node: 'node-3' },
  workers: { node: 'node-1' },
};

function problems(input: unknown, kind?: 'docker' | 'swarm'): string[] {
  const parsed = userConfigSchema.parse(input);
  return crossFieldProblems(resolveConfig(parsed, '/srv', null, kind ? { engine: kind } : {}));
}

test('a complete swarm config passes; the same placement is ignored on one host', () => {
  const engine = { kind: 'swarm', placement: placed, nodes: { 'node-1': { address: '10.0.0.11' } } };
  assert.deepEqual(problems({ allowPublicBind: true, engine }), []);
  assert.deepEqual(problems({ engine: { ...engine, kind: 'docker' } }), []);
});

test('swarm: unpinned services, ZooKeeper peers sharing a node, Kafka without a node address, and exposure are each named', () => {
  const { postgres: _unpinned, ...rest } = placed;
  const engine = { kind: 'swarm', placement: { ...rest, 'zookeeper-3': { node: 'node-1' }, kafka: { node: 'node-2' } } };
  const found = problems({ engine });
  assert.ok(found.some((p) => p.startsWith('engine.placement.postgres: missing')));
  assert.ok(found.some((p) => p.startsWith('engine.placement.zookeeper-3.node: node-1 already runs zookeeper-1')));
  assert.ok(found.some((p) => p.startsWith('engine.nodes.node-2.address: missing')));
  assert.ok(found.some((p) => p.startsWith('allowPublicBind: Swarm publishes ports on every interface')));
});

test('swarm: the workers member is pinned like a service, unless every worker is off', () => {
  const { workers: _unpinned, ...services } = placed;
  const engine = { kind: 'swarm', placement: services, nodes: { 'node-1': { address: '10.0.0.11' } } };
  assert.ok(problems({ allowPublicBind: true, engine }).some((p) => p.startsWith('engine.placement.workers: missing')));
  const off = { telemetry: { enabled: false }, observer: { enabled: false }, listener: { enabled: false }, guard: { enabled: false } };
  assert.deepEqual(problems({ allowPublicBind: true, engine, workers: off }), []);
});

test('--engine swarm on a config without placement is refused by the same rules; Kafka advertises its node address', () => {
  assert.ok(problems({}, 'swarm').some((p) => p.startsWith('engine.placement.zookeeper-1: missing')));
  const parsed = userConfigSchema.parse({ allowPublicBind: true, engine: { kind: 'swarm', placement: placed, nodes: { 'node-1': { address: '10.0.0.11' } } } });
  const config = resolveConfig(parsed, '/srv', null);
  assert.equal(configuredHostFor(config, 'kafka'), '10.0.0.11');
  assert.equal(configuredHostFor(config, 'cockroach'), null);
  assert.equal(configuredHostFor(resolveConfig(userConfigSchema.parse({}), '/srv', null), 'kafka'), '127.0.0.1');
});

test('the engine section refuses what a placement constraint or an endpoint cannot say', () => {
  const bad = userConfigSchema.safeParse({
    engine: { kind: 'k8s', placement: { redis: { node: 'x' }, kafka: {} }, nodes: { 'node 1': {}, 'node-2': { dockerHost: 'http://x' } } },
  });
  assert.equal(bad.success, false);
  const paths = bad.error!.issues.map((issue) => issue.path.join('.'));
  for (const path of ['engine.kind', 'engine.placement.kafka', 'engine.nodes.node-2.dockerHost'])
    assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
  assert.ok(paths.some((p) => p.startsWith('engine.placement')) && paths.some((p) => p.startsWith('engine.nodes')));
});
