import { createHash } from 'node:crypto';
import os from 'node:os';

export type AuditAction = 'scram-credential-set' | 'scram-credential-rotate' | 'acl-add' | 'topic-create' | 'topic-config-alter' | 'topic-partitions-add';

/** What a caller reports about a change it is about to make. */
export interface AuditChange {
  action: AuditAction;
  /** Kafka's own name for what changes: `users/<sanitized>`, `topics/<name>` or `Topic:<name>`. */
  entity: string;
  mechanism?: string;
  iterations?: number;
  /** The exact new value about to be written; only its sha256 is kept, never the value itself. */
  newState: string;
}

export interface AuditActor {
  user: string;
  host: string;
}

/** One ledger entry as stored: no password, salt or key can be in it, only a digest of the new state. */
export interface AuditEntry {
  version: 1;
  time: string;
  actor: AuditActor;
  action: AuditAction;
  entity: string;
  mechanism?: string;
  iterations?: number;
  /** `sha256:<hex>` of AuditChange.newState: lets anyone check that the znode holds what was recorded. */
  digest: string;
}

export function currentActor(): AuditActor {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (common in containers).
    user = `uid:${process.getuid?.() ?? 'unknown'}`;
  }
  return { user, host: os.hostname() };
}

export const stateDigest = (newState: string): string => `sha256:${createHash('sha256').update(newState, 'utf8').digest('hex')}`;

export function createAuditEntry(change: AuditChange, actor: AuditActor, now: Date): AuditEntry {
  return {
    version: 1,
    time: now.toISOString(),
    actor,
    action: change.action,
    entity: change.entity,
    ...(change.mechanism === undefined ? {} : { mechanism: change.mechanism }),
    ...(change.iterations === undefined ? {} : { iterations: change.iterations }),
    digest: stateDigest(change.newState),
  };
}
