import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { up } from '../../commands/up.js';
import { sqlPing } from '../../clients/sql.js';
import { reach } from './reach.js';
import { failed, ok, defineStep } from '../step.js';

/** Cockroach SQL over verified TLS with the root client certificate; skipped when Cockroach is disabled. */
export const cockroachTls = defineStep({
  id: 'cockroach-tls',
  title: 'Cockroach SQL over TLS with the root client certificate',
  inputs: ['config', 'certificates'],
  async check(facts) {
    const { config, signal } = facts.context;
    const target = await reach(facts, 'cockroach', 'sql');
    if ('outcome' in target) return target.outcome;
    const client = (ext: string) => readFile(path.join(config.certsDir, 'cockroach', `client.root.${ext}`));
    try {
      const [cert, key] = await Promise.all([client('crt'), client('key')]);
      const version = await sqlPing(
        { host: target.host, port: target.port, servername: target.hostname, ca: target.ca, user: 'root', database: 'defaultdb', cert, key },
        { signal },
      );
      return ok(version.split(' ').slice(0, 3).join(' '));
    } catch (error) {
      if ((error as Error).name === 'InterruptedError') throw error;
      return failed(`SQL over TLS as root: ${(error as Error).message}`);
    }
  },
  fix: { command: 'rocketctl up cockroach', apply: (context) => up(context, { services: ['cockroach'] }).then(() => undefined) },
});
