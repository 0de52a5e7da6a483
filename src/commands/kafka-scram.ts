import { syncKafkaScram, type KafkaScramOptions, type KafkaScramResult } from '../kafka/scram-sync.js';
import type { CommandContext } from './context.js';

export type { KafkaScramOptions, KafkaScramResult };

/** `rocketctl kafka scram [--user NAME] [--rotate]`. */
export function kafkaScram(context: CommandContext, options: KafkaScramOptions = {}): Promise<KafkaScramResult> {
  return syncKafkaScram(context, options);
}
