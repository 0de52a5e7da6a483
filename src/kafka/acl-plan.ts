import type { ZkClient } from '../zookeeper/zk-client.js';
import { decodeAcls, type AclEntry, type AclResource } from './acl-znode.js';

export const GUARD_FEED_TOPIC = 'security-guard-feed';
export const ALERTS_TOPIC = 'telemetry-alerts';
export const GUARD_PRODUCER = 'guard-producer';
export const GUARD_CONSUMER = 'guard-consumer';
export const GUARD_CONSUMER_GROUP = 'guard-consumers';

export interface ResourceAcls {
  resource: AclResource;
  acls: AclEntry[];
}

const allow = (user: string, operation: AclEntry['operation']): AclEntry => ({ principal: `User:${user}`, permissionType: 'Allow', operation, host: '*' });

/**
 * The least-privilege ACLs of the telemetry backend. No Cluster IdempotentWrite grant: the broker (3.9) lets
 * an idempotent producer init with Write on a topic alone (KIP-679; shown in test/e2e/kafka.e2e.test.ts).
 * Nothing for `admin`: it is the super user. Every other topic stays closed (allow.everyone.if.no.acl.found=false).
 * The guard worker runs as guard-consumer and raises its alerts on telemetry-alerts: Write and Describe there, nothing more.
 */
export function guardAclPlan(): ResourceAcls[] {
  return [
    {
      resource: { type: 'Topic', name: GUARD_FEED_TOPIC },
      acls: [allow(GUARD_PRODUCER, 'Write'), allow(GUARD_PRODUCER, 'Describe'), allow(GUARD_CONSUMER, 'Read'), allow(GUARD_CONSUMER, 'Describe')],
    },
    { resource: { type: 'Topic', name: ALERTS_TOPIC }, acls: [allow(GUARD_CONSUMER, 'Write'), allow(GUARD_CONSUMER, 'Describe')] },
    { resource: { type: 'Group', name: GUARD_CONSUMER_GROUP }, acls: [allow(GUARD_CONSUMER, 'Read')] },
  ];
}

export interface StoredAcls {
  resourceType: string;
  name: string;
  patternType: 'LITERAL' | 'PREFIXED';
  acls: AclEntry[];
}

const STORES = [
  { root: '/kafka-acl', patternType: 'LITERAL' },
  { root: '/kafka-acl-extended/prefixed', patternType: 'PREFIXED' },
] as const;

/** Every ACL the brokers enforce, read back from ZooKeeper (literal and prefixed), sorted by resource. */
export async function readStoredAcls(zk: ZkClient): Promise<StoredAcls[]> {
  const found: StoredAcls[] = [];
  for (const { root, patternType } of STORES) {
    for (const resourceType of (await zk.children(root)).sort()) {
      for (const name of (await zk.children(`${root}/${resourceType}`)).sort()) {
        const path = `${root}/${resourceType}/${name}`;
        const node = await zk.get(path);
        // A resource whose last ACL was removed between listing and reading is simply gone.
        if (node) found.push({ resourceType, name, patternType, acls: decodeAcls(node.data, path) });
      }
    }
  }
  return found;
}
