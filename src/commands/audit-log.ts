import { createAuditLedger, type AuditRecord } from '../audit/audit-ledger.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { CommandContext } from './context.js';

/** `rocketctl audit log`: every ledger entry, oldest first. */
export async function auditLog(context: CommandContext): Promise<AuditRecord[]> {
  return withZooKeeper(context.config, { signal: context.signal }, (zk) => createAuditLedger(zk).list());
}
