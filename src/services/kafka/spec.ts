import type { ResolvedService } from '../../config/types.js';
import { formatHostPort } from '../../shared/host-port.js';
import { configuredHostFor } from '../../config/configured-host.js';
import type { ServiceSpec } from '../spec.js';
import { baseSpec, certFiles, configFile, probeFromHost, type SpecInputs } from '../spec-inputs.js';
import { ZOOKEEPER_PEERS } from '../zookeeper/peers.js';

/** The broker: SASL_SSL only, TLS 1.3, SCRAM-SHA-512 (inter-broker too), ACL authorizer. */
export function kafkaSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { config, secrets } = inputs;
  const { configDir, certsDir, dataDir } = service.profile;
  const adminPassword = secrets.get('KAFKA_ADMIN_PASSWORD');
  const properties = configFile(
    service,
    'server.properties',
    'kafka/server.properties',
    {
      zookeeperConnect: ZOOKEEPER_PEERS.map((name) => `${config.services[name].hostname}:2181`).join(','),
      dataDir,
      hostname: service.hostname,
      // On a Swarm the config rules make sure Kafka's node has an address.
      externalAddress: formatHostPort(configuredHostFor(config, 'kafka') ?? config.bindAddress, service.ports.tls ?? 9093),
      adminPassword,
      certsDir,
      keystorePassword: secrets.get('KAFKA_KEYSTORE_PASSWORD'),
      truststorePassword: secrets.get('KAFKA_TRUSTSTORE_PASSWORD'),
    },
    true,
  );
  return {
    ...baseSpec(service),
    command: service.profile.command ?? ['/opt/kafka/bin/kafka-server-start.sh', `${configDir}/server.properties`],
    env: { KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m', ...service.profile.env },
    files: [properties, ...certFiles(inputs, service, ['kafka.keystore.jks', 'kafka.truststore.jks', 'ca.crt'])],
    readiness: {
      description: 'TLS 1.3 + SASL/SCRAM-SHA-512 login as admin, cluster metadata',
      timeoutMs: 120_000,
      check: (target) =>
        probeFromHost(target, 'tls', async (endpoint) => {
          const { kafkaAdminLogin } = await import('../../probes/kafka-login.js');
          const broker = formatHostPort(endpoint.host, endpoint.port);
          const cluster = await kafkaAdminLogin({ broker, ca: inputs.caPem, username: 'admin', password: adminPassword }, { signal: target.signal });
          if (cluster.controller === null || cluster.controller < 0) throw new Error('no controller elected yet');
          return `${cluster.brokers} broker, controller ${cluster.controller}`;
        }),
    },
  };
}
