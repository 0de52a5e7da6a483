/** The ensemble: three peers of one module, so one lost peer keeps the quorum. */
export const ZOOKEEPER_PEERS = ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'] as const;
export type ZooKeeperPeer = (typeof ZOOKEEPER_PEERS)[number];
