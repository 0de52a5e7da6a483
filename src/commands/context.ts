import type { ResolvedConfig } from '../config/types.js';
import type { StackDriver } from '../docker/stack-driver.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/log.js';

/** What every command receives from the CLI (or from a test, without argv). */
export interface CommandContext {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: Logger;
  /** `--new-secrets`: a missing secrets file may be generated anew even though data protected by it exists. */
  newSecrets?: boolean;
  /**
   * Given to a long-running command that holds the project lock only while it prepares (`workers start`): it
   * calls this once its own writes are done and it only runs; the CLI releases the lock at the end otherwise.
   */
  releaseLock?: () => Promise<void>;
  /** How commands reach the stack; tests give a fake StackDriver here (default: the config's engine, src/docker). */
  connectStack?: (config: ResolvedConfig, signal: AbortSignal, env: NodeJS.ProcessEnv) => Promise<StackDriver>;
  /** Time for the waits a command makes itself (the checklist's settle after a repair); tests give a manual clock. */
  clock?: Clock;
}

/**
 * What a command that works outside any project gets (`init`, `completion`, `--version`): no config (none may
 * exist yet), no secrets, no lock; `cwd` is where relative paths it is given start.
 */
export interface StandaloneContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: Logger;
}
