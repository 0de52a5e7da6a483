import type { ResolvedConfig } from '../config/types.js';
import type { Secrets } from '../secrets/secrets.js';
import type { Logger } from '../shared/log.js';
import type { WorkerName } from './descriptors.js';
import type { Feed } from './feed.js';

export interface WorkerHealth {
  healthy: boolean;
  /** One line an operator can act on: "streaming 10 Hz to 3 clients", "CouchDB unreachable, 120 buffered". */
  detail: string;
  /** Counters shown by `workers status --json` (frames sent, docs replicated, records published…). */
  metrics?: Record<string, number>;
  /** It gave up (a refused login, a missing ACL) and does nothing more: the workers member starts it again. */
  stopped?: boolean;
}

/** A worker running in this process. */
export interface StartedWorker {
  readonly name: WorkerName;
  /** Where it can be reached from this host, when it serves anything (`http://127.0.0.1:8480`). */
  readonly endpoint?: string;
  health(): WorkerHealth;
  /**
   * Idempotent and exhaustive: stops producing, checkpoints, closes every socket and client
   * (Promise.allSettled over all of them), and resolves only when nothing is left open.
   */
  close(): Promise<void>;
}

/** What a worker gets from `workers start`: the resolved config, secrets, the one signal, a logger, and the in-process feeds. */
export interface WorkerContext {
  config: ResolvedConfig;
  secrets: Secrets;
  signal: AbortSignal;
  log: Logger;
  /** In-process telemetry frames: the telemetry worker publishes, the observer subscribes (no global registry). */
  feeds: WorkerFeeds;
}

export interface WorkerFeeds {
  telemetry: Feed<unknown>;
}

export type WorkerFactory = (context: WorkerContext) => Promise<StartedWorker>;
