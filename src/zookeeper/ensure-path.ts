import type { ZkClient } from './zk-client.js';
import { ZK_CODE, isZkError } from './zk-error.js';

/** Creates `path` and its missing parents with empty data, as Kafka's own `createRecursive` does. */
export async function ensureZnodePath(zk: ZkClient, path: string): Promise<void> {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = `/${parts.slice(0, i).join('/')}`;
    if (await zk.get(prefix)) continue;
    await zk.create(prefix, Buffer.alloc(0)).catch((error: unknown) => {
      // Another client created it between our read and our create: that is what we wanted.
      if (!isZkError(error, ZK_CODE.nodeExists)) throw error;
    });
  }
}
