import type { ResolvedConfig } from '../config/types.js';
import type { Logger } from '../shared/log.js';

/** What every command receives from the CLI (or from a test, without argv). */
export interface CommandContext {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: Logger;
  /** `--new-secrets`: a missing secrets file may be generated anew even though data protected by it exists. */
  newSecrets?: boolean;
}
