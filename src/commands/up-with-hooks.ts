import type { CommandContext } from './context.js';
import { up, type UpResult } from './up.js';

/** `up` with the hooks the real stack needs: Kafka's admin SCRAM credential in ZooKeeper before the broker starts. */
export async function upWithHooks(context: CommandContext, options: { services?: string[] }): Promise<UpResult> {
  return up(context, { ...options, beforeStart: {} });
}
