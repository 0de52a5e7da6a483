import { chmod, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { reachEndpoint } from '../config/reach.js';
import type { ResolvedConfig } from '../config/types.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { formatHostPort } from '../shared/host-port.js';
import { planMaterial } from '../tls/material-plan.js';

/** Where a Kafka user's connection settings live for the workers: `.rocketctl/kafka-<user>.env`, 0600. */
export const kafkaClientEnvPath = (stateDir: string, user: string): string => path.join(stateDir, `kafka-${user}.env`);

/** The broker's SASL_SSL listener as this rocketctl reaches it; null on a host where its `tls` port is not published. */
export function kafkaBootstrap(config: ResolvedConfig): string | null {
  const address = reachEndpoint(config, 'kafka', 'tls');
  return address === null ? null : formatHostPort(address.host, address.port);
}

/** The CA copy `certs gen` puts beside Kafka's own material. */
export function kafkaCaFile(config: ResolvedConfig): string {
  const plan = planMaterial(config);
  return plan.caCopies.find((file) => path.dirname(file) === path.join(config.certsDir, 'kafka')) ?? plan.ca.certFile;
}

export function renderKafkaClientEnv(values: { user: string; password: string; bootstrap: string | null; caFile: string }): string {
  return [
    '# written by `rocketctl kafka scram`: connection settings for one Kafka identity. Keep it 0600.',
    `KAFKA_USERNAME=${values.user}`,
    `KAFKA_PASSWORD=${values.password}`,
    values.bootstrap === null ? '# KAFKA_BOOTSTRAP: services.kafka.ports.tls is not published' : `KAFKA_BOOTSTRAP=${values.bootstrap}`,
    `KAFKA_CA=${path.resolve(values.caFile)}`,
    '',
  ].join('\n');
}

/** Writes the file atomically, only when its content differs; returns whether it wrote. */
export async function writeKafkaClientEnvFile(config: ResolvedConfig, user: { name: string; password: string }): Promise<{ file: string; changed: boolean }> {
  const file = kafkaClientEnvPath(config.stateDir, user.name);
  const text = renderKafkaClientEnv({ user: user.name, password: user.password, bootstrap: kafkaBootstrap(config), caFile: kafkaCaFile(config) });
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === text) {
    if (((await stat(file)).mode & 0o077) === 0) return { file, changed: false };
    await chmod(file, 0o600);
    return { file, changed: true };
  }
  await writeFileAtomic(file, text, { mode: 0o600 });
  return { file, changed: true };
}
