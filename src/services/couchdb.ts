import type { ResolvedService } from '../config/types.js';
import { httpsGet } from '../probes/https-get.js';
import { renderTemplate } from './render-template.js';
import type { ServiceSpec } from './spec.js';
import { baseSpec, probeFromHost, certFiles, configFile, portsFor, type SpecInputs } from './spec-inputs.js';

export const COUCHDB_ADMIN = 'admin';

/** CouchDB over HTTPS (TLS 1.3) with require_valid_user and the admin from the secrets file. */
export function couchdbSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const adminPassword = inputs.secrets.get('COUCHDB_ADMIN_PASSWORD');
  const ini = renderTemplate('couchdb/rocketctl.ini', { certsDir: service.profile.certsDir, adminPassword });
  return {
    ...baseSpec(service),
    env: { ...service.profile.env },
    ports: portsFor(service, { https: 6984 }),
    files: [configFile(service, 'rocketctl.ini', ini, true), ...certFiles(inputs, service, 'couchdb', ['couchdb.pem', 'privkey.pem', 'ca.crt'])],
    dependsOn: [],
    readiness: {
      description: 'HTTPS /_up as admin; anonymous requests refused',
      timeoutMs: 90_000,
      check: (target) =>
        probeFromHost(target, 'https', async (endpoint) => {
          const request = { ...endpoint, ca: inputs.caPem, servername: service.hostname };
          const up = await httpsGet({ ...request, path: '/_up', auth: { username: COUCHDB_ADMIN, password: adminPassword } });
          if (up.status !== 200) throw new Error(`/_up answered ${up.status}`);
          const anonymous = await httpsGet({ ...request, path: '/' });
          if (anonymous.status !== 401) throw new Error(`anonymous GET / answered ${anonymous.status}, expected 401 (require_valid_user)`);
          return 'HTTPS up, valid user required';
        }),
    },
  };
}
