import type { ResolvedService } from '../../config/types.js';
import type { ServiceSpec } from '../spec.js';
import { baseSpec, certFiles, configFile, probeFromHost, type SpecInputs } from '../spec-inputs.js';

/** Cassandra with client encryption required and PasswordAuthenticator + CassandraAuthorizer. */
export function cassandraSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { certsDir, dataDir } = service.profile;
  const yaml = configFile(
    service,
    'cassandra.yaml',
    'cassandra/cassandra.yaml',
    {
      clusterName: inputs.config.project,
      dataDir,
      hostname: service.hostname,
      certsDir,
      keystorePassword: inputs.secrets.get('CASSANDRA_KEYSTORE_PASSWORD'),
      truststorePassword: inputs.secrets.get('CASSANDRA_TRUSTSTORE_PASSWORD'),
    },
    true,
  );
  return {
    ...baseSpec(service),
    // Two cores: a small heap starts faster and leaves room for the rest of the stack.
    env: { MAX_HEAP_SIZE: '1G', HEAP_NEWSIZE: '256M', ...service.profile.env },
    // Read-only for its owner too: the image's entrypoint leaves a file it cannot write as it is.
    files: [{ ...yaml, mode: 0o400 }, ...certFiles(inputs, service, ['cassandra.keystore.jks', 'cassandra.truststore.jks', 'ca.crt'])],
    readiness: {
      description: 'CQL over verified TLS asks for authentication',
      timeoutMs: 240_000,
      check: (target) =>
        probeFromHost(target, 'cql', async (endpoint) => {
          const { cqlStartupOverTls } = await import('../../probes/cql-startup.js');
          const answer = await cqlStartupOverTls({ ...endpoint, ca: inputs.caPem, servername: service.hostname, signal: target.signal });
          if (answer !== 'authenticate') throw new Error('CQL answered READY without authentication: PasswordAuthenticator is not active');
          return 'CQL over TLS, authentication required';
        }),
    },
  };
}
