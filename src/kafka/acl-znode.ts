import type { AuditLedger } from '../audit/audit-ledger.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { ensureZnodePath } from '../zookeeper/ensure-path.js';
import { updateZnode } from '../zookeeper/update-znode.js';
import type { ZkClient } from '../zookeeper/zk-client.js';

/** One entry of a literal ACL znode, in Kafka's JSON spelling (kafka 3.9, core/src/main/scala/kafka/zk/ZkData.scala: `AclEntry`, `LiteralAclStore`). */
export interface AclEntry {
  principal: string;
  permissionType: 'Allow' | 'Deny';
  operation: 'All' | 'Read' | 'Write' | 'Create' | 'Delete' | 'Alter' | 'Describe' | 'DescribeConfigs' | 'AlterConfigs';
  host: string;
}

export interface AclResource {
  type: 'Topic' | 'Group';
  name: string;
}

const CHANGES_PATH = '/kafka-acl-changes';

export function aclResourcePath(resource: AclResource): string {
  // Kafka puts the raw name in the path; a slash would silently address another znode.
  if (resource.name === '' || resource.name.includes('/'))
    throw new UsageError(`invalid ${resource.type} name "${resource.name}"`, 'Kafka resource names cannot be empty or contain "/"');
  return `/kafka-acl/${resource.type}/${resource.name}`;
}

const sameAcl = (a: AclEntry, b: AclEntry): boolean =>
  a.principal === b.principal && a.permissionType === b.permissionType && a.operation === b.operation && a.host === b.host;

export function decodeAcls(data: Buffer | null, path: string): AclEntry[] {
  if (data === null || data.length === 0) return [];
  try {
    const parsed = JSON.parse(data.toString('utf8')) as { acls?: unknown };
    if (Array.isArray(parsed.acls)) return parsed.acls as AclEntry[];
  } catch {
    // fall through: reported below
  }
  throw new OperationError(
    `${path} does not hold Kafka's {"version":1,"acls":[...]} JSON`,
    'inspect it with zkCli.sh; rocketctl will not overwrite data it cannot read',
  );
}

/**
 * Adds the ACLs a literal resource is missing, version-checked like Kafka's own AclAuthorizer, then writes
 * the change notification (`Topic:<name>`, plain text) so brokers reload that resource. ACLs already
 * present are not added again; when nothing is missing nothing is written, not even an audit entry.
 */
export async function addLiteralAcls(
  zk: ZkClient,
  resource: AclResource,
  acls: readonly AclEntry[],
  audit: AuditLedger,
): Promise<{ added: AclEntry[]; notification?: string }> {
  const path = aclResourcePath(resource);
  let added: AclEntry[] = [];
  const changed = await updateZnode(
    zk,
    path,
    async (current) => {
      const existing = decodeAcls(current, path);
      added = acls.filter((acl, index) => !existing.some((e) => sameAcl(e, acl)) && acls.findIndex((a) => sameAcl(a, acl)) === index);
      return added.length === 0 ? null : Buffer.from(JSON.stringify({ version: 1, acls: [...existing, ...added] }), 'utf8');
    },
    {
      beforeWrite: async () => {
        await audit.record({ action: 'acl-add', entity: `${resource.type}:${resource.name}`, newState: JSON.stringify(added) });
      },
    },
  );
  if (!changed) return { added: [] };
  await ensureZnodePath(zk, CHANGES_PATH);
  const notification = await zk.create(`${CHANGES_PATH}/acl_changes_`, Buffer.from(`${resource.type}:${resource.name}`, 'utf8'), { sequential: true });
  return { added, notification };
}
