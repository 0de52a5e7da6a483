import type { Consumer } from 'kafkajs';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** The record's timestamp (ms since the epoch, as the producer or broker set it). */
  timestamp: number;
}

export interface ConsumeOptions {
  topics: string[];
  fromBeginning: boolean;
  /**
   * Called with each fetched batch of one partition. Its offsets are committed only after it resolves, so
   * a crash or a restart replays what was not handled: at-least-once.
   */
  eachBatch(records: ConsumedRecord[]): Promise<void>;
  /** A crash kafkajs reports (it rejoins on its own when it can). */
  onCrash?(error: Error, restarting: boolean): void;
}

export interface KafkaConsumerHandle {
  run(options: ConsumeOptions): Promise<void>;
  /** Stops fetching after the batch in hand, commits it, leaves the group; idempotent. */
  close(): Promise<void>;
}

interface Helpers {
  deadline<T>(what: string, work: () => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

export function createKafkaConsumerHandle(consumer: Consumer, helpers: Helpers): KafkaConsumerHandle {
  return {
    async run(options) {
      consumer.on(consumer.events.CRASH, (event) => options.onCrash?.(event.payload.error, event.payload.restart));
      for (const topic of options.topics) {
        await helpers.deadline(`subscribing to ${topic}`, () => consumer.subscribe({ topic, fromBeginning: options.fromBeginning }));
      }
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          const records = batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString('utf8') ?? null,
            value: m.value?.toString('utf8') ?? null,
            timestamp: Number(m.timestamp),
          }));
          await options.eachBatch(records);
          const last = batch.lastOffset();
          resolveOffset(last);
          // The committed offset is the next one to read.
          const next = (BigInt(last) + 1n).toString();
          await helpers.deadline(`committing ${batch.topic}[${batch.partition}]@${next}`, () =>
            consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]),
          );
          await heartbeat();
        },
      });
    },
    close: () => helpers.release(),
  };
}
