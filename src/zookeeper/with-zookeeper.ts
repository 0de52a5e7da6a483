import type { ResolvedConfig } from '../config/types.js';
import { zookeeperConnectString } from './connect-string.js';
import { connectZooKeeper, type ZkClient } from './zk-client.js';

/** Connects to the config's ensemble, runs `work`, always closes the session. */
export async function withZooKeeper<T>(
  config: ResolvedConfig,
  options: { signal?: AbortSignal; timeoutMs?: number },
  work: (zk: ZkClient) => Promise<T>,
): Promise<T> {
  const zk = await connectZooKeeper({ connectString: zookeeperConnectString(config), ...options });
  try {
    return await work(zk);
  } finally {
    await zk.close();
  }
}
