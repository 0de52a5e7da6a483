import { OperationError } from '../shared/errors.js';

/** The ZooKeeper C client's return codes that rocketctl reacts to (zookeeper.h `ZOO_ERRORS`). */
export const ZK_CODE = {
  connectionLoss: -4,
  operationTimeout: -7,
  noNode: -101,
  noAuth: -102,
  badVersion: -103,
  nodeExists: -110,
  sessionExpired: -112,
  closing: -116,
} as const;

/** One failed ZooKeeper operation: `code` is the C client's return code, `path` the znode. */
export class ZkError extends OperationError {
  constructor(
    readonly code: number,
    readonly operation: string,
    readonly path: string,
    detail: string,
  ) {
    super(
      `ZooKeeper ${operation} ${path} failed: ${detail} (${code})`,
      'check that the ZooKeeper ensemble has quorum (`rocketctl status`), then re-run: every step is idempotent',
    );
  }
}

export const isZkError = (error: unknown, code: number): error is ZkError => error instanceof ZkError && error.code === code;

/** The npm client rejects with `new Error("<rc> <text>")`; turn that into a ZkError. */
export function toZkError(error: unknown, operation: string, path: string): ZkError {
  if (error instanceof ZkError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(-?\d+) (.*)$/s.exec(message);
  return match ? new ZkError(Number(match[1]), operation, path, match[2]!) : new ZkError(ZK_CODE.connectionLoss, operation, path, message);
}
