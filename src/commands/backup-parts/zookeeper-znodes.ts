import type { ZkClient } from '../../zookeeper/zk-client.js';
import { OperationError } from '../../shared/errors.js';
import { AUDIT_PATH } from '../../audit/audit-ledger.js';

/**
 * What the stack keeps in ZooKeeper that cannot be made again from the config: Kafka's SCRAM credentials and topic
 * settings (/config), its ACLs (/kafka-acl, /kafka-acl-extended) and rocketctl's audit ledger. Broker registrations
 * and controller state are the running cluster's own and are not copied.
 */
export const BACKED_UP_ZNODES = ['/config/users', '/config/topics', '/kafka-acl', '/kafka-acl-extended', AUDIT_PATH] as const;
/** A tree larger than this is not what rocketctl wrote: refused rather than held in memory. */
const MAX_ZNODES = 100_000;

export interface ZnodeCopy {
  path: string;
  /** base64 of the znode's data ('' for none). */
  data: string;
}

/** Every znode under the roots, parents before children, read through the client (not from a data folder). */
export async function readZnodes(zk: ZkClient, roots: readonly string[] = BACKED_UP_ZNODES): Promise<ZnodeCopy[]> {
  const copies: ZnodeCopy[] = [];
  const visit = async (path: string): Promise<void> => {
    const node = await zk.get(path);
    if (!node) return; // gone between listing and reading, or a root the cluster never made
    if (copies.length >= MAX_ZNODES) throw new OperationError(`more than ${MAX_ZNODES} znodes under ${roots.join(', ')}`, 'check what writes there');
    copies.push({ path, data: node.data.toString('base64') });
    for (const child of (await zk.children(path)).sort()) await visit(`${path}/${child}`);
  };
  for (const root of roots) await visit(root);
  return copies;
}
