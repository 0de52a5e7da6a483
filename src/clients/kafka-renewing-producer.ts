import type { KafkaClient, KafkaMessage, KafkaProducerHandle } from './kafka-client.js';

export interface RenewingProducer {
  /** Connects now (to find a refused login or a missing ACL before anything else happens). */
  connect(): Promise<void>;
  /** Sends on the current producer, making one first if needed; a failed send drops it, so the next try starts clean. */
  send(topic: string, messages: KafkaMessage[]): Promise<void>;
}

/**
 * A producer for retry loops: after a failed send it is closed and the next send makes a new one (a new
 * producer id, so idempotence sequence numbers start clean). The worst case is a duplicate, never a loss.
 */
export function createRenewingProducer(kafka: KafkaClient, options: { idempotent: boolean }): RenewingProducer {
  let producer: KafkaProducerHandle | null = null;
  const current = async () => (producer ??= await kafka.producer(options));
  return {
    connect: async () => void (await current()),
    async send(topic, messages) {
      try {
        await (await current()).send(topic, messages);
      } catch (error) {
        const broken = producer;
        producer = null;
        await broken?.close();
        throw error;
      }
    },
  };
}
