import { OperationError } from '../shared/errors.js';
import { ensureZnodePath } from '../zookeeper/ensure-path.js';
import type { ZkClient } from '../zookeeper/zk-client.js';
import { createAuditEntry, currentActor, type AuditActor, type AuditChange, type AuditEntry } from './audit-entry.js';

/** The ledger lives in the same ZooKeeper ensemble as what it records, so it is exactly as durable. */
export const AUDIT_PATH = '/rocketctl/audit';
const ENTRY_PREFIX = 'entry-';
const ENTRY_NAME = /^entry-(\d+)$/;

export type AuditRecord =
  | (AuditEntry & {
      /** The znode name, e.g. `entry-0000000007`: ZooKeeper's counter orders the ledger. */
      id: string;
      malformed?: undefined;
    })
  | { id: string; malformed: string };

export interface AuditLedger {
  /** Durably records a change before it is made; throws (so the change is not made) when it cannot. */
  record(change: AuditChange): Promise<string>;
  /** Every entry, oldest first. */
  list(): Promise<AuditRecord[]>;
}

export function createAuditLedger(zk: ZkClient, options: { actor?: AuditActor; now?: () => Date } = {}): AuditLedger {
  const actor = options.actor ?? currentActor();
  const now = options.now ?? (() => new Date());
  return {
    async record(change) {
      const entry = createAuditEntry(change, actor, now());
      try {
        await ensureZnodePath(zk, AUDIT_PATH);
        return await zk.create(`${AUDIT_PATH}/${ENTRY_PREFIX}`, Buffer.from(JSON.stringify(entry)), { sequential: true });
      } catch (error) {
        throw new OperationError(
          `could not write the audit entry for ${change.action} ${change.entity}, so the change was not made: ${(error as Error).message}`,
          `check that ZooKeeper at ${zk.connectString} is up and that ${AUDIT_PATH} is writable, then re-run`,
          { cause: error },
        );
      }
    },
    async list() {
      const names = (await zk.children(AUDIT_PATH)).filter((name) => ENTRY_NAME.test(name));
      names.sort((a, b) => Number(ENTRY_NAME.exec(a)![1]) - Number(ENTRY_NAME.exec(b)![1]));
      const nodes = await Promise.all(names.map((name) => zk.get(`${AUDIT_PATH}/${name}`)));
      return names.flatMap((id, index) => {
        const node = nodes[index];
        // An entry removed between listing and reading (by hand) is simply gone.
        return node ? [parseEntry(node.data, id)] : [];
      });
    },
  };
}

/** A ledger entry as stored; one that is not rocketctl's JSON is listed as malformed (the rest of the ledger still shows). */
function parseEntry(data: Buffer, id: string): AuditRecord {
  try {
    const entry = JSON.parse(data.toString('utf8')) as Partial<AuditEntry>;
    if (
      entry &&
      typeof entry === 'object' &&
      entry.version === 1 &&
      typeof entry.time === 'string' &&
      typeof entry.action === 'string' &&
      typeof entry.digest === 'string' &&
      entry.actor
    ) {
      return { ...(entry as AuditEntry), id };
    }
    return { id, malformed: 'not a rocketctl audit entry (missing version, time, action, actor or digest)' };
  } catch {
    return { id, malformed: `not JSON (${data.length} bytes)` };
  }
}
