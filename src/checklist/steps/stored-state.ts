/**
 * Whether a store's error is its answer about what it holds (a role or database that does not exist, a password
 * it does not take) rather than about getting there (refused, reset, timed out, still starting): the first does not
 * change by waiting, so `checklist --resume` repairs it at once (CheckOutcome.lasting).
 */
export function isStoredStateError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { name, code, cause, innerErrors } = error as { name?: unknown; code?: unknown; cause?: unknown; innerErrors?: unknown };
  // Postgres: database does not exist, password authentication failed, role not permitted to log in.
  if (typeof code === 'string' && ['3D000', '28P01', '28000'].includes(code)) return true;
  // Cassandra: the driver's answer to a role that does not exist or a wrong password.
  if (name === 'AuthenticationError') return true;
  // Cassandra's "all hosts failed": stored state only when every host said so.
  if (innerErrors && typeof innerErrors === 'object') {
    const inner = Object.values(innerErrors as Record<string, unknown>);
    if (inner.length > 0 && inner.every((e) => isStoredStateError(e, depth + 1))) return true;
  }
  return isStoredStateError(cause, depth + 1);
}
