import { Kafka, logLevel, type Admin, type logCreator } from 'kafkajs';
import { withDeadline } from '../shared/deadline.js';

export interface KafkaLogin {
  broker: string;
  ca: string | Buffer;
  username: string;
  password: string;
}

/**
 * The one way rocketctl talks to the broker: SASL_SSL with TLS 1.3 only, the CA verified, SCRAM-SHA-512.
 * kafkajs logs to stdout by default (which would break `--json`): silent unless a logCreator is given.
 */
export function kafkaAdminClient(login: KafkaLogin, options: { timeoutMs?: number; retries?: number; logCreator?: logCreator } = {}): Admin {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Kafka({
    clientId: 'rocketctl',
    brokers: [login.broker],
    ssl: { ca: [login.ca], rejectUnauthorized: true, minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: login.username, password: login.password },
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    retry: { retries: options.retries ?? 0 },
    ...(options.logCreator ? { logCreator: options.logCreator } : { logLevel: logLevel.NOTHING }),
  }).admin();
}

/** TLS 1.3 handshake + SASL/SCRAM-SHA-512 login + a metadata request: the broker really serves clients. */
export async function kafkaAdminLogin(login: KafkaLogin, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<{ brokers: number; controller: number | null }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const admin = kafkaAdminClient(login, { timeoutMs });
  try {
    return await withDeadline(
      async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { brokers: cluster.brokers.length, controller: cluster.controller };
      },
      { timeoutMs: timeoutMs * 2, signal: options.signal, what: `the Kafka login at ${login.broker}` },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Whether the broker refuses this user's write to a topic (TOPIC_AUTHORIZATION_FAILED): proves an ACL denies
 * what it should. A write that the broker accepts is reported as `accepted` (one record on that topic).
 */
export async function kafkaWriteRefused(login: KafkaLogin, topic: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<'refused' | 'accepted'> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const producer = new Kafka({
    clientId: 'rocketctl-checklist',
    brokers: [login.broker],
    ssl: { ca: [login.ca], rejectUnauthorized: true, minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: login.username, password: login.password },
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).producer({ allowAutoTopicCreation: false });
  try {
    return await withDeadline(
      async () => {
        await producer.connect();
        try {
          await producer.send({ topic, messages: [{ key: 'rocketctl-checklist', value: 'acl probe' }], acks: -1 });
          return 'accepted' as const;
        } catch (error) {
          const type = (error as { type?: string }).type ?? '';
          if (type === 'TOPIC_AUTHORIZATION_FAILED' || /not authorized/i.test((error as Error).message)) return 'refused' as const;
          throw error;
        }
      },
      { timeoutMs: timeoutMs * 2, signal: options.signal, what: `a write to ${topic} as ${login.username}` },
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}
