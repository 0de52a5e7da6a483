import { createAuditLedger } from '../audit/audit-ledger.js';
import { guardAclPlan, readStoredAcls, type StoredAcls } from '../kafka/acl-plan.js';
import { addLiteralAcls, type AclEntry } from '../kafka/acl-znode.js';
import { throwIfAborted } from '../shared/errors.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { CommandContext } from './context.js';

export interface KafkaAclsResult {
  changed: boolean;
  /** What this run added, per resource (`Topic:security-guard-feed`). */
  added: Array<{ resource: string; acls: AclEntry[] }>;
  /** Every ACL in ZooKeeper after the run, as the brokers read them. */
  acls: StoredAcls[];
}

/**
 * `rocketctl kafka acls`: adds the ACLs the plan asks for that ZooKeeper does not hold yet (each addition
 * audited first; ACLs set by others are kept), then reads back everything the brokers will enforce.
 */
export async function kafkaAcls(context: CommandContext): Promise<KafkaAclsResult> {
  const { config, log, signal } = context;
  return withZooKeeper(config, { signal }, async (zk) => {
    const audit = createAuditLedger(zk);
    const added: KafkaAclsResult['added'] = [];
    for (const { resource, acls } of guardAclPlan()) {
      throwIfAborted(signal);
      const result = await addLiteralAcls(zk, resource, acls, audit);
      const label = `${resource.type}:${resource.name}`;
      if (result.added.length > 0) {
        added.push({ resource: label, acls: result.added });
        log.info(`${label}: added ${result.added.map((a) => `${a.principal} ${a.operation}`).join(', ')}`);
      }
    }
    if (added.length === 0) log.info('every ACL is already in place; nothing changed');
    return { changed: added.length > 0, added, acls: await readStoredAcls(zk) };
  });
}
