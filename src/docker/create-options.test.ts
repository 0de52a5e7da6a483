import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceSpec } from '../services/spec.js';
import { createOptions, specHash } from './create-options.js';
import type { MaterializedFile } from './spec-files.js';

const spec = (changes: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name: 'postgres',
  image: 'img:1',
  hostname: 'postgres',
  env: { A: '1' },
  ports: [
    { endpoint: 'sql', containerPort: 5432, hostPort: 25432 },
    { endpoint: 'internal', containerPort: 7000, hostPort: null },
  ],
  files: [],
  fileOwner: { uid: 999, gid: 999 },
  dataDir: '/data',
  dependsOn: [],
  readiness: { description: '', timeoutMs: 1, check: async () => undefined },
  ...changes,
});
const stack = { project: 'p', bindAddress: '127.0.0.1' };
const image = { entrypoint: ['docker-entrypoint.sh'], cmd: ['zkServer.sh', 'start-foreground'] };

test('published ports bind to the configured address only; unpublished ones are only exposed', () => {
  const options = createOptions(spec(), stack, image);
  assert.deepEqual(options.HostConfig!.PortBindings, { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '25432' }] });
  assert.deepEqual(Object.keys(options.ExposedPorts!), ['5432/tcp', '7000/tcp']);
  assert.equal(options.name, 'p-postgres');
  assert.deepEqual(options.HostConfig!.Mounts, [{ Type: 'volume', Source: 'p-postgres-data', Target: '/data' }]);
  assert.deepEqual(options.NetworkingConfig!.EndpointsConfig!['p-net']!.Aliases, ['postgres']);
});

test('the spec hash is stable, and changes with a copied file, its mode, its owner or the create options', () => {
  const file = (content: string, mode = 0o600): MaterializedFile[] => [{ path: '/etc/app/app.conf', content: Buffer.from(content), mode }];
  const hash = (s: ServiceSpec, files = file('x=1')) => specHash(createOptions(s, stack, image), files, s.fileOwner);
  const base = hash(spec());
  assert.equal(hash(spec()), base);
  assert.notEqual(hash(spec(), file('x=2')), base);
  assert.notEqual(hash(spec(), file('x=1', 0o644)), base);
  assert.notEqual(hash(spec({ fileOwner: { uid: 1000, gid: 1000 } })), base);
  assert.notEqual(hash(spec({ env: { A: '2' } })), base);
});

test("waitForHosts runs the image's own entrypoint and command behind a resolve-wait", () => {
  const options = createOptions(spec({ waitForHosts: ['zk-1', 'zk-2'] }), stack, image);
  assert.deepEqual(options.Entrypoint!.slice(0, 2), ['sh', '-c']);
  assert.deepEqual(options.Cmd, ['rocketctl-wait-for-hosts', 'docker-entrypoint.sh', 'zkServer.sh', 'start-foreground']);
  assert.ok(options.Env!.includes('ROCKETCTL_WAIT_FOR_HOSTS=zk-1 zk-2'));
  const plain = createOptions(spec(), stack, image);
  assert.equal(plain.Entrypoint, undefined, 'without it, the image starts as it would on its own');
});
