import { OperationError } from '../shared/errors.js';
import { ensureZnodePath } from './ensure-path.js';
import type { ZkClient } from './zk-client.js';
import { ZK_CODE, isZkError } from './zk-error.js';

export interface UpdateZnodeOptions {
  /** Runs once, right before the first write; if it throws, nothing is written (the audit ledger hook). */
  beforeWrite?: () => Promise<void>;
  attempts?: number;
}

/**
 * Version-checked read-modify-write: `modify` gets the current data (null when the znode is missing) and
 * returns the new data, or null for "nothing to change". A concurrent writer makes setData/create fail
 * (BadVersion/NodeExists); then the znode is re-read and `modify` runs again on what is there now.
 * Returns whether it wrote.
 */
export async function updateZnode(
  zk: ZkClient,
  path: string,
  modify: (current: Buffer | null) => Promise<Buffer | null>,
  options: UpdateZnodeOptions = {},
): Promise<boolean> {
  const { attempts = 10 } = options;
  let beforeWrite = options.beforeWrite;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await zk.get(path);
    const next = await modify(current?.data ?? null);
    if (next === null) return false;
    await beforeWrite?.();
    beforeWrite = undefined;
    try {
      if (current) await zk.set(path, next, current.version);
      else {
        await ensureZnodePath(zk, path.slice(0, path.lastIndexOf('/')));
        await zk.create(path, next);
      }
      return true;
    } catch (error) {
      if (!isZkError(error, ZK_CODE.badVersion) && !isZkError(error, ZK_CODE.nodeExists) && !isZkError(error, ZK_CODE.noNode)) throw error;
    }
  }
  throw new OperationError(
    `${path} kept changing under us: ${attempts} read-modify-write attempts lost the race`,
    'another tool is writing the same znode; stop it and re-run',
  );
}
