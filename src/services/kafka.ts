import type { ResolvedService } from '../config/types.js';
import { kafkaAdminLogin } from '../probes/kafka-login.js';
import { renderTemplate } from './render-template.js';
import type { ServiceSpec } from './spec.js';
import { ZOOKEEPER_NAMES, baseSpec, probeFromHost, certFiles, configFile, portsFor, type SpecInputs } from './spec-inputs.js';

/** The broker: SASL_SSL only, TLS 1.3, SCRAM-SHA-512 (inter-broker too), ACL authorizer. */
export function kafkaSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { config, secrets } = inputs;
  const { configDir, certsDir, dataDir } = service.profile;
  const externalPort = service.ports.tls ?? 9093;
  const zookeeperConnect = ZOOKEEPER_NAMES.map((name) => `${config.services[name].hostname}:2181`).join(',');
  const adminPassword = secrets.get('KAFKA_ADMIN_PASSWORD');
  const properties = renderTemplate('kafka/server.properties', {
    zookeeperConnect,
    dataDir,
    hostname: service.hostname,
    externalHost: config.bindAddress,
    externalPort,
    adminPassword,
    certsDir,
    keystorePassword: secrets.get('KAFKA_KEYSTORE_PASSWORD'),
    truststorePassword: secrets.get('KAFKA_TRUSTSTORE_PASSWORD'),
  });
  return {
    ...baseSpec(service),
    command: service.profile.command ?? ['/opt/kafka/bin/kafka-server-start.sh', `${configDir}/server.properties`],
    env: { KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m', ...service.profile.env },
    ports: portsFor(service, { tls: 9093 }),
    files: [configFile(service, 'server.properties', properties, true), ...certFiles(inputs, service, 'kafka', ['kafka.keystore.jks', 'kafka.truststore.jks', 'ca.crt'])],
    dependsOn: [...ZOOKEEPER_NAMES],
    readiness: {
      description: 'TLS 1.3 + SASL/SCRAM-SHA-512 login as admin, cluster metadata',
      timeoutMs: 120_000,
      check: (target) =>
        probeFromHost(target, 'tls', async (endpoint) => {
          const cluster = await kafkaAdminLogin({ broker: `${endpoint.host}:${endpoint.port}`, ca: inputs.caPem, username: 'admin', password: adminPassword });
          if (cluster.controller === null || cluster.controller < 0) throw new Error('no controller elected yet');
          return `${cluster.brokers} broker, controller ${cluster.controller}`;
        }),
    },
  };
}
