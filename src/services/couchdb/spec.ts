import type { ResolvedService } from '../../config/types.js';
import type { ServiceSpec } from '../spec.js';
import { couchdbAdminHash } from './admin-hash.js';
import { COUCHDB_ADMIN } from './descriptor.js';
import { baseSpec, certFiles, configFile, probeFromHost, type SpecInputs } from '../spec-inputs.js';

/**
 * CouchDB over HTTPS with require_valid_user and the admin from the secrets file. The rendered ini sorts before the
 * official image's local.d/docker.ini (CouchDB's runtime writes go to the last file) and holds the admin hashed,
 * the server uuid and the cookie secret pinned; the key lives outside /opt/couchdb/etc, which the image's entrypoint
 * makes 0644 at every start.
 */
export function couchdbSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const { secrets } = inputs;
  const adminPassword = secrets.get('COUCHDB_ADMIN_PASSWORD');
  return {
    ...baseSpec(service),
    env: { ...service.profile.env },
    files: [
      configFile(
        service,
        '10-rocketctl.ini',
        'couchdb/10-rocketctl.ini',
        () => ({
          certsDir: service.profile.certsDir,
          serverUuid: secrets.get('COUCHDB_SERVER_UUID'),
          authSecret: secrets.get('COUCHDB_AUTH_SECRET'),
          adminHash: couchdbAdminHash(adminPassword, secrets.get('COUCHDB_SERVER_UUID')),
        }),
        true,
      ),
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
