import type { ResolvedConfig } from '../config/types.js';
import type { Logger } from '../shared/log.js';

/** What every command receives from the CLI (or from a test, without argv). */
export interface CommandContext {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: Logger;
}
