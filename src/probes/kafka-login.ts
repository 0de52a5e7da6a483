import { Kafka, logLevel } from 'kafkajs';

export interface KafkaLogin {
  broker: string;
  ca: string | Buffer;
  username: string;
  password: string;
}

/** TLS 1.3 handshake + SASL/SCRAM-SHA-512 login + a metadata request: the broker really serves clients. */
export async function kafkaAdminLogin(login: KafkaLogin, timeoutMs = 10_000): Promise<{ brokers: number; controller: number | null }> {
  const kafka = new Kafka({
    clientId: 'rocketctl-probe',
    brokers: [login.broker],
    ssl: { ca: [login.ca], rejectUnauthorized: true, minVersion: 'TLSv1.3' },
    sasl: { mechanism: 'scram-sha-512', username: login.username, password: login.password },
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
