import type { RemovedStack } from '../docker/remove-stack.js';
import { openStack } from './open-stack.js';
import { UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

export type DownResult = RemovedStack;

export interface DownOptions {
  volumes?: boolean;
  yes?: boolean;
  /** Asks the operator (the CLI reads the terminal); without it, --volumes needs --yes. */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * `rocketctl down [--volumes]`: removes what `up` made, found by label. Data volumes are kept unless
 * --volumes, which asks first on a terminal and needs --yes anywhere else.
 */
export async function down(context: CommandContext, options: DownOptions): Promise<DownResult> {
  const { config } = context;
  const stack = await openStack(context);
  if (options.volumes && !options.yes) {
    const volumes = await stack.dataVolumes();
    if (volumes.length > 0) {
      if (!options.confirm) throw new UsageError('--volumes deletes data and there is no terminal to confirm on; nothing was removed', 'pass --yes to confirm');
      const question = `delete ${volumes.length} data volume(s) of project ${config.project} (${volumes.join(', ')})? all their data is lost [y/N] `;
      if (!(await options.confirm(question)))
        throw new UsageError('not confirmed: nothing was removed', 'answer y, or pass --yes to delete the volumes without asking');
    }
  }
  return stack.remove({ volumes: options.volumes ?? false });
}
