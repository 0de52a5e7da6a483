import type { EngineKind } from '../config/engine-config.js';
import type { CommandContext, StandaloneContext } from '../commands/context.js';
import type { ExitCodeValue } from '../shared/errors.js';

export interface GlobalOptions {
  config?: string;
  json: boolean;
  debug: boolean;
  newSecrets: boolean;
  engine?: EngineKind;
  version: boolean;
}

/**
 * Runs a command body with the context every command gets. Whether the command writes (and so holds the
 * project lock) is not the caller's to say: the runner looks it up in the command table.
 */
export type Runner = (body: (context: CommandContext, globals: GlobalOptions) => Promise<ExitCodeValue>) => Promise<void>;

/**
 * Runs the body of a command the command table marks `no-project` (and `--version`): without loading a config,
 * reading secrets or taking the lock. A command registered with one runner and listed in the table for the
 * other is refused before it runs.
 */
export type StandaloneRunner = (body: (context: StandaloneContext, globals: GlobalOptions) => Promise<ExitCodeValue>) => Promise<void>;

export interface Runners {
  run: Runner;
  runStandalone: StandaloneRunner;
}
