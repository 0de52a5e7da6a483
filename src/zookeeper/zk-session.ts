import { InterruptedError } from '../shared/errors.js';
import type { NativeZooKeeper } from './native-zookeeper.js';
import { ZK_CODE, ZkError } from './zk-error.js';

/**
 * Owns one native handle. The addon crashes the process when a closed handle is used again
 * (node-zookeeper README, "Known Bugs"), so every call goes through use() and close() runs once.
 */
export interface ZkSession {
  use(): NativeZooKeeper;
  /** Settles with `work`, or rejects on abort (InterruptedError) or after `ms` (with onTimeout()). */
  within<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T>;
  close(): Promise<void>;
}

export function createSession(native: NativeZooKeeper, signal: AbortSignal | undefined): ZkSession {
  let closed = false;
  // The server expired the session: the handle is dead even though we did not close it.
  native.on('close', () => (closed = true));
  const onAbort = () => void close();
  const close = async (): Promise<void> => {
    signal?.removeEventListener('abort', onAbort);
    if (closed) return;
    closed = true;
    native.close();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    use() {
      if (closed) throw new ZkError(ZK_CODE.closing, 'use', '/', 'the ZooKeeper session is closed');
      return native;
    },
    within(work, ms, onTimeout) {
      return new Promise((resolve, reject) => {
        const interrupt = () => finish(() => reject(new InterruptedError()));
        const timer = setTimeout(() => finish(() => reject(onTimeout())), ms);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', interrupt);
          settle();
        };
        if (signal?.aborted) return interrupt();
        signal?.addEventListener('abort', interrupt, { once: true });
        work.then(
          (value) => finish(() => resolve(value)),
          (error: unknown) => finish(() => reject(error)),
        );
      });
    },
    close,
  };
}
