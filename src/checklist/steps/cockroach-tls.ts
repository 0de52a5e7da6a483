import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { up } from '../../commands/up.js';
import { sqlPing } from '../../clients/sql.js';
import { parseHostPort } from '../../shared/host-port.js';
import { failed, ok, type ChecklistStep } from '../step.js';

/** Cockroach SQL over verified TLS with the root client certificate; skipped when Cockroach is disabled. */
export const cockroachTls: ChecklistStep = {
  id: 'cockroach-tls',
  title: 'Cockroach SQL over TLS with the root client certificate',
  inputs: ['config', 'certificates'],
  async check(facts) {
    const { config, signal } = facts.context;
    if (!config.services.cockroach.enabled) return { status: 'skipped', cause: 'disabled in the config' };
    const [ca, stack] = await Promise.all([facts.ca(), facts.stack()]);
    const address = stack.entries.find((e) => e.spec.name === 'cockroach')?.view.endpoints.sql;
    if (!ca || !address) return failed(!ca ? 'the CA certificate is missing' : 'cockroach is not running with its sql port published');
    const client = (ext: string) => readFile(path.join(config.certsDir, 'cockroach', `client.root.${ext}`));
    try {
      const [cert, key] = await Promise.all([client('crt'), client('key')]);
      const version = await sqlPing({ ...parseHostPort(address), servername: config.services.cockroach.hostname, ca, user: 'root', database: 'defaultdb', cert, key }, { signal });
      return ok(version.split(' ').slice(0, 3).join(' '));
    } catch (error) {
      if ((error as Error).name === 'InterruptedError') throw error;
      return failed(`SQL over TLS as root: ${(error as Error).message}`);
    }
  },
  fix: { command: 'rocketctl up cockroach', apply: (context) => up(context, { services: ['cockroach'] }).then(() => undefined) },
};
