import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type Producer, type logCreator } from 'kafkajs';
import type { Logger } from '../shared/log.js';
import { withDeadline } from '../shared/deadline.js';
import { describeKafkaError, isRetryableKafkaError } from './kafka-errors.js';
import { createKafkaConsumerHandle, type KafkaConsumerHandle } from './kafka-consumer.js';
import { createTrackedSocketFactory } from './tracked-sockets.js';

export interface KafkaLogin {
  broker: string;
  ca: string | Buffer;
  username: string;
  password: string;
}

export interface KafkaClientOptions {
  signal: AbortSignal;
  log: Logger;
  clientId?: string;
  /** Deadline of a connect or a send (default 15 s). */
  timeoutMs?: number;
  /** kafkajs' own retries of a failed request (default 2); a probe that is itself polled uses 0. */
  retries?: number;
}

export interface KafkaMessage {
  key: string;
  value: string;
}

export interface KafkaProducerHandle {
  /** Resolves once the broker has acknowledged every message (acks from all in-sync replicas). */
  send(topic: string, messages: KafkaMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaClient {
  readonly user: string;
  producer(options: { idempotent: boolean }): Promise<KafkaProducerHandle>;
  consumer(options: { groupId: string }): Promise<KafkaConsumerHandle>;
  admin(): Promise<Admin>;
  /** Disconnects everything this client made; idempotent. */
  close(): Promise<void>;
}

// kafkajs writes its own logs to stdout by default, which belongs to `--json`: they go to the Logger, at debug.
const toLogger =
  (log: Logger): logCreator =>
  () =>
  ({ namespace, level, log: entry }) => {
    const { message, ...extra } = entry;
    log.debug(`kafkajs ${logLevel[level] ?? level} ${namespace}: ${message} ${JSON.stringify(extra)}`);
  };

/**
 * The one Kafka client (workers, probes, `kafka topics`): SASL_SSL with TLS 1.3 only, the CA verified,
 * SCRAM-SHA-512. kafkajs retries a little on its own; the callers' own retry loop does the rest,
 * so a stopped broker shows up as failed calls with a deadline, never as a call that hangs.
 */
export function createKafkaClient(login: KafkaLogin, options: KafkaClientOptions): KafkaClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const sockets = createTrackedSocketFactory();
  const kafka = new Kafka({
    socketFactory: sockets.factory,
    clientId: options.clientId ?? `rocketctl-${login.username}`,
    brokers: [login.broker],
    ssl: { ca: [login.ca], rejectUnauthorized: true, minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: login.username, password: login.password },
    connectionTimeout: Math.min(timeoutMs, 10_000),
    authenticationTimeout: Math.min(timeoutMs, 10_000),
    requestTimeout: timeoutMs,
    retry: { retries: options.retries ?? 2, initialRetryTime: 200, maxRetryTime: 2000 },
    logCreator: toLogger(options.log),
    logLevel: logLevel.INFO,
  });
  const open = new Set<{ disconnect(): Promise<void> }>();
  let closed = false;
  const deadline = <T>(what: string, work: () => Promise<T>): Promise<T> =>
    withDeadline(() => work(), { timeoutMs, signal: options.signal, what: `Kafka (${login.username}): ${what}` }).catch((error: unknown) => {
      throw describeKafkaError(error, login.username, what);
    });
  const connect = async <T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(client: T, what: string): Promise<T> => {
    if (closed) throw describeKafkaError(new Error('the client is closed'), login.username, what);
    open.add(client);
    try {
      await deadline(what, () => client.connect());
    } catch (error) {
      open.delete(client);
      await client.disconnect().catch(() => undefined);
      throw error;
    }
    return client;
  };
  const release = async (client: { disconnect(): Promise<void> }) => {
    if (!open.delete(client)) return;
    await withDeadline(() => client.disconnect(), { timeoutMs, what: 'Kafka disconnect' }).catch(() => undefined);
  };
  return {
    user: login.username,
    async producer({ idempotent }) {
      // Java's partitioner (murmur2 of the key): the same document id lands on the same partition as with Java clients.
      const producer: Producer = await connect(
        kafka.producer({
          idempotent,
          maxInFlightRequests: idempotent ? 1 : 5,
          allowAutoTopicCreation: false,
          createPartitioner: Partitioners.DefaultPartitioner,
        }),
        'connecting the producer',
      );
      return {
        send: async (topic, messages) => {
          await deadline(`sending ${messages.length} record(s) to ${topic}`, () => producer.send({ topic, acks: -1, messages }));
        },
        close: () => release(producer),
      };
    },
    async consumer({ groupId }) {
      // kafkajs gives up on some transient errors (no group coordinator while the broker is still creating
      // __consumer_offsets, a broker restart); only a refused login or a missing ACL should stop a consumer.
      const retry = { retries: 5, restartOnFailure: async (error: Error) => isRetryableKafkaError(error) };
      // A short fetch wait: leaving the group (close) waits for the fetch in flight.
      const consumer: Consumer = await connect(
        // A member that died (a killed process) is evicted after sessionTimeout: a restarted guard rejoins its group
        // within seconds instead of waiting out kafkajs' default 30 s (6 s is the broker's least, group.min.session.timeout.ms).
        kafka.consumer({ groupId, allowAutoTopicCreation: false, retry, maxWaitTimeInMs: 500, sessionTimeout: 6_000, heartbeatInterval: 1_000 }),
        `joining consumer group ${groupId}`,
      );
      return createKafkaConsumerHandle(consumer, { deadline, release: () => release(consumer) });
    },
    admin: () => connect(kafka.admin(), 'connecting the admin client'),
    async close() {
      closed = true;
      await Promise.allSettled([...open].map(release));
      // Whatever a disconnect missed (a connect still retrying in the background) is cut here.
      sockets.destroyAll();
    },
  };
}
