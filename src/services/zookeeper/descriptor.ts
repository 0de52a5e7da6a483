import { defineService } from '../descriptor.js';
import type { ZooKeeperPeer } from './peers.js';

const peer = <const N extends ZooKeeperPeer>(name: N, clientPort: number) =>
  defineService({
    name,
    defaults: {
      image: 'zookeeper:3.8.4',
      profile: { configDir: '/conf', certsDir: '/certs', dataDir: '/data', fileOwner: '1000:1000' },
      // Every peer is published (on bindAddress only): rocketctl writes credentials and the audit ledger from
      // the host, and must still reach a quorum when any one peer, zookeeper-1 included, is down.
      ports: { client: clientPort },
    },
    endpoints: { client: 2181 },
    dependsOn: [],
    tls: { files: { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' }, usages: ['serverAuth', 'clientAuth'] },
    secrets: {},
  });

export const zookeeper1 = peer('zookeeper-1', 2181);
export const zookeeper2 = peer('zookeeper-2', 2182);
export const zookeeper3 = peer('zookeeper-3', 2183);
