import { ensureZnodePath } from '../../zookeeper/ensure-path.js';
import type { ZkClient } from '../../zookeeper/zk-client.js';
import type { ZnodeCopy } from '../backup-parts/zookeeper-znodes.js';

/** Writes each znode back, parents first: created where missing, its data set where it differs; the rest is left. */
export async function writeZnodes(zk: ZkClient, copies: readonly ZnodeCopy[]): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const copy of copies) {
    const data = Buffer.from(copy.data, 'base64');
    const existing = await zk.get(copy.path);
    if (!existing) {
      const parent = copy.path.slice(0, copy.path.lastIndexOf('/'));
      if (parent) await ensureZnodePath(zk, parent);
      await zk.create(copy.path, data);
      created += 1;
    } else if (!existing.data.equals(data)) {
      await zk.set(copy.path, data, existing.version);
      updated += 1;
    }
  }
  return { created, updated };
}
