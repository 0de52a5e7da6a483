import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface CollectedRecord {
  key: string | null;
  value: string;
  partition: number;
  offset: string;
}

/**
 * An independent reader (kafkajs as the super user `admin`, in a group of its own): everything on a topic
 * from the beginning, kept by key, surviving broker restarts. Not rocketctl's client.
 */
export async function collectTopic(options: { broker: string; ca: string; password: string; topic: string }) {
  const kafka = new Kafka({
    clientId: 'rocketctl-test-collector',
    brokers: [options.broker],
    ssl: { ca: [options.ca], minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: 'admin', password: options.password },
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, maxRetryTime: 3000 },
  });
  const consumer: Consumer = kafka.consumer({
    groupId: `rocketctl-test-${randomBytes(4).toString('hex')}`,
    retry: { retries: 20, restartOnFailure: async () => true },
    maxWaitTimeInMs: 100,
  });
  const records: CollectedRecord[] = [];
  const byKey = new Map<string, CollectedRecord[]>();
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const record = { key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', partition, offset: message.offset };
      records.push(record);
      if (record.key !== null) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);
    },
  });
  return {
    records,
    byKey,
    /** Ids never seen on the topic. */
    missing: (ids: Iterable<string>) => [...ids].filter((id) => !byKey.has(id)),
    /** Records beyond the first for each of the ids (at-least-once redeliveries). */
    duplicates: (ids: Iterable<string>) => [...ids].reduce((sum, id) => sum + Math.max(0, (byKey.get(id)?.length ?? 0) - 1), 0),
    close: () => consumer.disconnect(),
  };
}
