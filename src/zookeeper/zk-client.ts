import { InterruptedError, OperationError } from '../shared/errors.js';
import { loadNativeZooKeeper } from './native-zookeeper.js';
import { ZK_CODE, ZkError, toZkError } from './zk-error.js';
import { createSession } from './zk-session.js';

export interface ZkNode {
  data: Buffer;
  version: number;
}

/** A connected ZooKeeper session with promise operations; each one ends on abort or after its deadline. */
export interface ZkClient {
  readonly connectString: string;
  /** null when the znode does not exist. */
  get(path: string): Promise<ZkNode | null>;
  /** [] when the znode does not exist. */
  children(path: string): Promise<string[]>;
  /** Returns the created path (with the counter ZooKeeper appends when `sequential`). */
  create(path: string, data: Buffer, options?: { sequential?: boolean }): Promise<string>;
  /** Returns the new version; fails with ZK_CODE.badVersion when the znode changed since `version` was read. */
  set(path: string, data: Buffer, version: number): Promise<number>;
  remove(path: string, version: number): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  connectString: string;
  signal?: AbortSignal;
  /** How long to wait for a first server to answer (default 10 s). */
  timeoutMs?: number;
  /** Per operation, so a lost quorum cannot hang a command (default 15 s). */
  operationTimeoutMs?: number;
}

/**
 * After trying every server once, the C client waits a third of the session timeout before the next round
 * (zookeeper.c `zookeeper_interest`): with a node down and the others still electing, a short session
 * means a retry within 2 s. rocketctl keeps no ephemeral znodes, so a short session costs nothing.
 */
const SESSION_TIMEOUT_MS = 6_000;

export async function connectZooKeeper(options: ConnectOptions): Promise<ZkClient> {
  const { connectString, signal, timeoutMs = 10_000, operationTimeoutMs = 15_000 } = options;
  if (signal?.aborted) throw new InterruptedError();
  const ZooKeeper = loadNativeZooKeeper();
  // debug_level 0: the C client would otherwise print every refused connection to stderr.
  const native = new ZooKeeper({ connect: connectString, timeout: SESSION_TIMEOUT_MS, debug_level: 0, host_order_deterministic: false });
  const session = createSession(native, signal);
  const connected = new Promise<void>((resolve) => native.once('connect', resolve));
  native.init({});
  try {
    await session.within(
      connected,
      timeoutMs,
      () =>
        new OperationError(
          `ZooKeeper at ${connectString} did not answer within ${Math.round(timeoutMs / 1000)} s`,
          'is the stack up? run `rocketctl up` (and `rocketctl status` to see the zookeeper nodes)',
        ),
    );
  } catch (error) {
    await session.close();
    throw error;
  }
  const op = <T>(operation: string, path: string, call: () => Promise<T>): Promise<T> => {
    const timeout = () => new ZkError(ZK_CODE.operationTimeout, operation, path, `no answer from ${connectString} within ${operationTimeoutMs / 1000} s`);
    return Promise.resolve()
      .then(() => session.within(call(), operationTimeoutMs, timeout))
      .catch((error: unknown) => {
        throw error instanceof InterruptedError ? error : toZkError(error, operation, path);
      });
  };
  const missingAs =
    <T>(fallback: T) =>
    (error: unknown): T => {
      if (error instanceof ZkError && error.code === ZK_CODE.noNode) return fallback;
      throw error;
    };
  const { ZOO_PERSISTENT, ZOO_PERSISTENT_SEQUENTIAL } = ZooKeeper.constants;
  return {
    connectString,
    get: (path) =>
      op('get', path, () => session.use().get(path, false)).then(([stat, data]) => ({ data: data ?? Buffer.alloc(0), version: stat.version }), missingAs(null)),
    children: (path) => op('children', path, () => session.use().get_children(path, false)).catch(missingAs<string[]>([])),
    create: (path, data, opts) => op('create', path, () => session.use().create(path, data, opts?.sequential ? ZOO_PERSISTENT_SEQUENTIAL : ZOO_PERSISTENT)),
    set: (path, data, version) => op('set', path, () => session.use().set(path, data, version)).then((stat) => stat.version),
    remove: (path, version) => op('delete', path, () => session.use().delete_(path, version)),
    close: () => session.close(),
  };
}
