import { readFile } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/types.js';
import { kafkaBootstrap } from '../kafka/client-env-file.js';
import { caCertFile } from '../tls/material-plan.js';
import { KAFKA_SCRAM_USERS, type KafkaScramUser } from '../kafka/scram-users.js';
import type { Secrets } from '../secrets/secrets.js';
import { OperationError, UsageError } from '../shared/errors.js';
import type { KafkaLogin } from './kafka-client.js';

/** A Kafka identity's login from the config (bootstrap, CA) and the secrets (its password). */
export async function kafkaLoginFor(config: ResolvedConfig, secrets: Secrets, user: KafkaScramUser): Promise<KafkaLogin> {
  const broker = kafkaBootstrap(config);
  if (broker === null)
    throw new UsageError(
      'Kafka is not reachable from this host: services.kafka.ports.tls is not published',
      'publish it in the config (services.kafka.ports.tls), then `rocketctl up kafka`',
    );
  // The project CA itself (certs/kafka/ca.crt is a copy of it for Kafka's own clients; the workers member has only the CA).
  const caFile = caCertFile(config);
  const ca = await readFile(caFile, 'utf8').catch(() => {
    throw new OperationError(`no CA certificate at ${caFile}`, 'run `rocketctl certs gen` (or `rocketctl up`) first');
  });
  return { broker, ca, username: user, password: secrets.get(KAFKA_SCRAM_USERS[user]) };
}
