import type { Secrets } from '../secrets/secrets.js';

/** Everything one store's seed module needs: where the store is, whom to trust, and the secrets. */
export interface StoreTarget {
  host: string;
  port: number;
  /** The name the store's certificate is verified against (its host name on the project network). */
  servername: string;
  ca: string;
  secrets: Secrets;
  certsDir: string;
  signal: AbortSignal;
  /** Shows what the store's task is doing now. */
  progress(line: string): void;
}

/** What one seed run changed in one store: empty lists mean it was already seeded. */
export interface StoreOutcome {
  migrationsApplied: string[];
  rolesCreated: string[];
  passwordsSet: string[];
}

export const emptyOutcome = (): StoreOutcome => ({ migrationsApplied: [], rolesCreated: [], passwordsSet: [] });
