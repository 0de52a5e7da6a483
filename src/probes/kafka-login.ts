import { createKafkaClient, type KafkaLogin } from '../clients/kafka-client.js';
import { isKafkaAuthorizationError } from '../clients/kafka-errors.js';
import { silentLogger } from '../shared/log.js';

export type { KafkaLogin };

/** TLS 1.3 handshake + SASL/SCRAM-SHA-512 login + a metadata request: the broker really serves clients. */
export async function kafkaAdminLogin(
  login: KafkaLogin,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<{ brokers: number; controller: number | null }> {
  const client = createKafkaClient(login, {
    signal: options.signal ?? new AbortController().signal,
    log: silentLogger,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: 0,
  });
  try {
    const cluster = await (await client.admin()).describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await client.close();
  }
}

/**
 * Whether the broker refuses this user's write to a topic (TOPIC_AUTHORIZATION_FAILED): proves an ACL denies
 * what it should. A write that the broker accepts is reported as `accepted` (one record on that topic).
 */
export async function kafkaWriteRefused(
  login: KafkaLogin,
  topic: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<'refused' | 'accepted'> {
  const client = createKafkaClient(login, {
    signal: options.signal ?? new AbortController().signal,
    log: silentLogger,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: 0,
    clientId: 'rocketctl-checklist',
  });
  try {
    const producer = await client.producer({ idempotent: false });
    await producer.send(topic, [{ key: 'rocketctl-checklist', value: 'acl probe' }]);
    return 'accepted';
  } catch (error) {
    if (isKafkaAuthorizationError((error as Error).cause ?? error)) return 'refused';
    throw error;
  } finally {
    await client.close();
  }
}
