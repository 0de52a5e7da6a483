import { up } from '../../commands/up.js';
import { acceptsTlsVersion, tlsHandshake } from '../../probes/tls-handshake.js';
import { reach } from './reach.js';
import { failed, ok, defineStep } from '../step.js';

/** The broker's TLS 1.3 handshake verifies against the CA with its SAN; TLS 1.2 is refused. */
export const kafkaTls = defineStep({
  id: 'kafka-tls',
  title: 'Kafka: TLS 1.3 verified against the CA with the broker SAN, TLS 1.2 refused',
  inputs: ['config', 'certificates', 'templates'],
  async check(facts) {
    const target = await reach(facts, 'kafka', 'tls');
    if ('outcome' in target) return target.outcome;
    const options = { host: target.host, port: target.port, ca: target.ca, servername: target.hostname, signal: facts.context.signal };
    try {
      const { protocol } = await tlsHandshake({ ...options, minVersion: 'TLSv1.3' });
      if (await acceptsTlsVersion(options, 'TLSv1.2')) return failed('TLS 1.2 is accepted');
      return ok(`${protocol} verified as ${options.servername}; TLS 1.2 refused`);
    } catch (error) {
      if ((error as Error).name === 'InterruptedError') throw error;
      return failed(`TLS 1.3 handshake verified as ${options.servername}: ${(error as Error).message}`);
    }
  },
  fix: { command: 'rocketctl up kafka', apply: (context) => up(context, { services: ['kafka'] }).then(() => undefined) },
});
