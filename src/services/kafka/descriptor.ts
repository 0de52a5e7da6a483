import { defineService } from '../descriptor.js';
import { ZOOKEEPER_PEERS } from '../zookeeper/peers.js';

/** One broker in ZooKeeper mode: SASL_SSL only, TLS 1.3, SCRAM-SHA-512 (inter-broker too), ACLs. */
export const kafka = defineService({
  name: 'kafka',
  defaults: {
    image: 'apache/kafka:3.9.1',
    profile: { configDir: '/etc/kafka/rocketctl', certsDir: '/etc/kafka/secrets', dataDir: '/var/lib/kafka/data', fileOwner: '1000:1000' },
    ports: { tls: 9093 },
  },
  endpoints: { tls: 9093 },
  networkEndpoints: { tls: 9094 },
  dependsOn: ZOOKEEPER_PEERS,
  tls: {
    files: { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' },
    usages: ['serverAuth', 'clientAuth'],
    javaStores: { keystore: 'KAFKA_KEYSTORE_PASSWORD', truststore: 'KAFKA_TRUSTSTORE_PASSWORD' },
  },
  secrets: {
    KAFKA_ADMIN_PASSWORD: { about: 'Kafka super user "admin" (SCRAM-SHA-512, also inter-broker)', legacyEnv: 'ADMIN_PASSWORD' },
    KAFKA_GUARD_PRODUCER_PASSWORD: { about: 'Kafka user "guard-producer" (SCRAM-SHA-512)', legacyEnv: 'SERVICE_PASSWORD' },
    KAFKA_GUARD_CONSUMER_PASSWORD: { about: 'Kafka user "guard-consumer" (SCRAM-SHA-512; reads security-guard-feed)' },
    KAFKA_KEYSTORE_PASSWORD: { about: 'Kafka JKS/PKCS12 keystore and key' },
    KAFKA_TRUSTSTORE_PASSWORD: { about: 'Kafka JKS truststore' },
  },
});
