import type { ResolvedService } from '../../config/types.js';
import type { ServiceSpec } from '../spec.js';
import { COUCHDB_ADMIN } from './descriptor.js';
import { baseSpec, certFiles, configFile, probeFromHost, type SpecInputs } from '../spec-inputs.js';

/** CouchDB over HTTPS with require_valid_user and the admin from the secrets file. */
export function couchdbSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const adminPassword = inputs.secrets.get('COUCHDB_ADMIN_PASSWORD');
  return {
    ...baseSpec(service),
    env: { ...service.profile.env },
    files: [
      configFile(service, 'rocketctl.ini', 'couchdb/rocketctl.ini', { certsDir: service.profile.certsDir, adminPassword }, true),
      ...certFiles(inputs, service, ['couchdb.pem', 'privkey.pem', 'ca.crt']),
    ],
    readiness: {
      description: 'HTTPS /_up as admin; anonymous requests refused',
      timeoutMs: 90_000,
      check: (target) =>
        probeFromHost(target, 'https', async (endpoint) => {
          const { httpsGet } = await import('../../probes/https-get.js');
          const request = { ...endpoint, ca: inputs.caPem, servername: service.hostname, signal: target.signal };
          const up = await httpsGet({ ...request, path: '/_up', auth: { username: COUCHDB_ADMIN, password: adminPassword } });
          if (up.status !== 200) throw new Error(`/_up answered ${up.status}`);
          const anonymous = await httpsGet({ ...request, path: '/' });
          if (anonymous.status !== 401) throw new Error(`anonymous GET / answered ${anonymous.status}, expected 401 (require_valid_user)`);
          return 'HTTPS up, valid user required';
        }),
    },
  };
}
