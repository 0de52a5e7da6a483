import type { EngineKind } from '../config/engine-config.js';
import type { CommandContext } from '../commands/context.js';
import type { ExitCodeValue } from '../shared/errors.js';

export interface GlobalOptions {
  config?: string;
  json: boolean;
  debug: boolean;
  newSecrets: boolean;
  engine?: EngineKind;
}

/** Runs a command body with the context every command gets; `writes` takes the project lock for the whole run. */
export type Runner = (body: (context: CommandContext, globals: GlobalOptions) => Promise<ExitCodeValue>, options?: { writes?: boolean }) => Promise<void>;
