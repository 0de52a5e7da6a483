import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config/load.js';
import { zookeeperConnectString } from './connect-string.js';

test('default config: every peer is published, so any one may be down', async () => {
  const config = await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} });
  assert.equal(zookeeperConnectString(config), '127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183');
});

test('every enabled node with a published client port, comma-joined', async () => {
  const config = await loadConfig({ cwd: '/nonexistent-rocketctl-dir', env: {} });
  const services = {
    ...config.services,
    'zookeeper-2': { ...config.services['zookeeper-2'], ports: { client: 2182 } },
    'zookeeper-3': { ...config.services['zookeeper-3'], enabled: false, ports: { client: 2183 } },
  };
  assert.equal(zookeeperConnectString({ ...config, services }), '127.0.0.1:2181,127.0.0.1:2182');
  const none = {
    ...services,
    'zookeeper-1': { ...services['zookeeper-1'], ports: { client: null } },
    'zookeeper-2': { ...services['zookeeper-2'], enabled: false },
  };
  assert.throws(() => zookeeperConnectString({ ...config, services: none }), /no ZooKeeper node publishes/);
});
