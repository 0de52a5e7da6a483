import type { ResolvedService } from '../config/types.js';
import { cqlStartupOverTls } from '../probes/cql-startup.js';
import { renderTemplate } from './render-template.js';
import type { ServiceSpec } from './spec.js';
import { baseSpec, probeFromHost, certFiles, configFile, portsFor, type SpecInputs } from './spec-inputs.js';

/** Cassandra with client encryption required and PasswordAuthenticator + CassandraAuthorizer. */
export function cassandraSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { certsDir, dataDir } = service.profile;
  const yaml = renderTemplate('cassandra/cassandra.yaml', {
    clusterName: inputs.config.project,
    dataDir,
    hostname: service.hostname,
    certsDir,
    keystorePassword: inputs.secrets.get('CASSANDRA_KEYSTORE_PASSWORD'),
    truststorePassword: inputs.secrets.get('CASSANDRA_TRUSTSTORE_PASSWORD'),
  });
  const yamlFile = configFile(service, 'cassandra.yaml', yaml, true);
  return {
    ...baseSpec(service),
    // Two cores: a small heap starts faster and leaves room for the rest of the stack.
    env: { MAX_HEAP_SIZE: '1G', HEAP_NEWSIZE: '256M', ...service.profile.env },
    ports: portsFor(service, { cql: 9042 }),
    // Read-only for its owner too: the image's entrypoint leaves a file it cannot write as it is.
    files: [{ ...yamlFile, mode: 0o400 }, ...certFiles(inputs, service, 'cassandra', ['cassandra.keystore.jks', 'cassandra.truststore.jks', 'ca.crt'])],
    dependsOn: [],
    readiness: {
      description: 'CQL over verified TLS asks for authentication',
      timeoutMs: 240_000,
      check: (target) =>
        probeFromHost(target, 'cql', async (endpoint) => {
          const answer = await cqlStartupOverTls({ ...endpoint, ca: inputs.caPem, servername: service.hostname });
          if (answer !== 'authenticate') throw new Error('CQL answered READY without authentication: PasswordAuthenticator is not active');
          return 'CQL over TLS, authentication required';
        }),
    },
  };
}
