import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceSpec } from '../../services/spec.js';
import { dockerOptionsFor } from '../engine.js';
import { placementConstraints, serviceHash, serviceOptions, type SwarmFileRef } from './service-options.js';
import { swarmFileKind } from './swarm-files.js';
import { placementMatches } from './swarm-preflight.js';

const spec: ServiceSpec = {
  name: 'zookeeper-1',
  image: 'zk:3.8',
  hostname: 'zookeeper-1',
  env: { ZOO_MY_ID: '1' },
  ports: [
    { endpoint: 'client', containerPort: 2181, hostPort: 22181 },
    { endpoint: 'peer', containerPort: 2888, hostPort: null },
  ],
  files: [],
  fileOwner: { uid: 1000, gid: 1000 },
  dataDir: '/data',
  dependsOn: [],
  waitForHosts: ['zookeeper-2', 'zookeeper-3'],
  readiness: { description: '', timeoutMs: 1, check: async () => undefined },
};
const image = { entrypoint: ['docker-entrypoint.sh'], cmd: ['zkServer.sh', 'start-foreground'] };
const files: SwarmFileRef[] = [
  { kind: 'config', id: 'c1', name: 'p-zookeeper-1-aa', path: '/conf/zoo.cfg', mode: 0o644 },
  { kind: 'secret', id: 's1', name: 'p-zookeeper-1-bb', path: '/certs/server.key', mode: 0o600 },
];
const placement = { node: 'node-1', labels: { zone: 'b', disk: 'ssd' } };

/** The fields these tests read (dockerode's typings make most of them optional). */
interface ServiceView {
  Name: string;
  Mode: unknown;
  UpdateConfig: { Order: string };
  EndpointSpec: unknown;
  TaskTemplate: {
    Placement: { Constraints: string[] };
    Networks: unknown;
    ContainerSpec: { Command: string[]; Args: string[]; Mounts: { Source: string }[]; Secrets: unknown; Configs: unknown; Env: string[] };
  };
}
const view = (options: unknown) => options as ServiceView;

test('one pinned replica on the overlay network, reached by its host name, DNS round-robin and host-mode ports', () => {
  const options = view(serviceOptions(spec, { project: 'p' }, image, files, placement));
  assert.equal(options.Name, 'p-zookeeper-1');
  assert.deepEqual(options.Mode, { Replicated: { Replicas: 1 } });
  assert.deepEqual(options.TaskTemplate.Placement.Constraints, ['node.hostname==node-1', 'node.labels.disk==ssd', 'node.labels.zone==b']);
  assert.deepEqual(options.TaskTemplate.Networks, [{ Target: 'p-net', Aliases: ['zookeeper-1'] }]);
  assert.deepEqual(options.EndpointSpec, { Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: 2181, PublishedPort: 22181, PublishMode: 'host' }] });
  assert.equal(options.UpdateConfig.Order, 'stop-first');
  // The image's own start command runs behind the resolve-wait, as on one host.
  assert.deepEqual(options.TaskTemplate.ContainerSpec.Command.slice(0, 2), ['sh', '-c']);
  assert.deepEqual(options.TaskTemplate.ContainerSpec.Args, ['rocketctl-wait-for-hosts', 'docker-entrypoint.sh', 'zkServer.sh', 'start-foreground']);
  assert.equal(options.TaskTemplate.ContainerSpec.Mounts[0]?.Source, 'p-zookeeper-1-data');
});

test('files travel as Swarm secrets (owner-only) and configs (the rest), owned by the service user; none in the environment', () => {
  const container = view(serviceOptions(spec, { project: 'p' }, image, files, placement)).TaskTemplate.ContainerSpec;
  assert.deepEqual(container.Secrets, [
    { SecretID: 's1', SecretName: 'p-zookeeper-1-bb', File: { Name: '/certs/server.key', UID: '1000', GID: '1000', Mode: 0o600 } },
  ]);
  assert.deepEqual(container.Configs, [
    { ConfigID: 'c1', ConfigName: 'p-zookeeper-1-aa', File: { Name: '/conf/zoo.cfg', UID: '1000', GID: '1000', Mode: 0o644 } },
  ]);
  assert.deepEqual(container.Env, ['ROCKETCTL_WAIT_FOR_HOSTS=zookeeper-2 zookeeper-3', 'ZOO_MY_ID=1']);
  assert.equal(swarmFileKind(0o600), 'secret');
  assert.equal(swarmFileKind(0o400), 'secret');
  assert.equal(swarmFileKind(0o644), 'config');
});

test('the hash changes with a file version or the placement, not with label order', () => {
  const hash = (f = files, p = placement) => serviceHash(serviceOptions(spec, { project: 'p' }, image, f, p));
  assert.equal(hash(), hash(files, { node: 'node-1', labels: { disk: 'ssd', zone: 'b' } }));
  assert.notEqual(hash(), hash([files[0]!, { ...files[1]!, id: 's2', name: 'p-zookeeper-1-cc' }]));
  assert.notEqual(hash(), hash(files, { ...placement, node: 'node-2' }));
});

test('placement matching and constraints; Docker endpoints as dockerode options', () => {
  const node = { id: 'n', hostname: 'node-1', addr: '10.0.0.1', state: 'ready', availability: 'active', labels: { zone: 'b', disk: 'ssd' } };
  assert.equal(placementMatches(placement, node), true);
  assert.equal(placementMatches({ node: null, labels: { zone: 'a' } }, node), false);
  assert.deepEqual(placementConstraints({ node: null, labels: {} }), []);
  assert.deepEqual(dockerOptionsFor('tcp://127.0.0.1:23751'), { protocol: 'http', host: '127.0.0.1', port: 23751 });
  assert.deepEqual(dockerOptionsFor('unix:///var/run/docker.sock'), { socketPath: '/var/run/docker.sock', host: undefined, port: undefined });
  assert.deepEqual(dockerOptionsFor('ssh://ops@node-2'), { protocol: 'ssh', host: 'node-2', port: 22, username: 'ops' });
});
