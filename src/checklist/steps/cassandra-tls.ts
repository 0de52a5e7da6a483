import { up } from '../../commands/up.js';
import { cqlAcceptsPlaintext } from '../../probes/cql-plaintext.js';
import { cqlStartupOverTls } from '../../probes/cql-startup.js';
import { reach } from './reach.js';
import { failed, ok, defineStep } from '../step.js';

/** CQL over verified TLS for both the host name and the IP SAN 127.0.0.1, and plaintext CQL refused. */
export const cassandraTls = defineStep({
  id: 'cassandra-tls',
  title: 'Cassandra: CQL over verified TLS (host name and 127.0.0.1), plaintext refused',
  inputs: ['config', 'certificates', 'templates'],
  async check(facts) {
    const { signal } = facts.context;
    const target = await reach(facts, 'cassandra', 'cql');
    if ('outcome' in target) return target.outcome;
    const { ca, hostname } = target;
    const endpoint = { host: target.host, port: target.port };
    const problems: string[] = [];
    for (const verifyAs of [hostname, '127.0.0.1']) {
      const answer = await cqlStartupOverTls({ ...endpoint, ca, servername: hostname, verifyAs, signal }).catch((error: Error) => {
        if (error.name === 'InterruptedError') throw error;
        return `refused: ${error.message}`;
      });
      if (answer !== 'authenticate')
        problems.push(`CQL over TLS verified as ${verifyAs}: ${answer === 'ready' ? 'answered without asking for a password' : answer}`);
    }
    if (await cqlAcceptsPlaintext({ ...endpoint, signal })) problems.push('plaintext CQL is accepted');
    return problems.length === 0 ? ok(`verified as ${hostname} and 127.0.0.1, password required, plaintext refused`) : failed(problems.join('; '));
  },
  fix: { command: 'rocketctl up cassandra', apply: (context) => up(context, { services: ['cassandra'] }).then(() => undefined) },
});
