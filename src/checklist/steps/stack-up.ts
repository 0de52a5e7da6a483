import { up } from '../../commands/up.js';
import { failed, ok, defineStep } from '../step.js';

/** Every enabled service's container running and ready at the protocol level (the probes of `status`). */
export const stackUp = defineStep({
  id: 'stack-up',
  title: 'every enabled member (the services, the workers member) running and ready',
  // Its fix, `up`, waits for every service's readiness itself.
  settleMs: 0,
  inputs: ['config', 'secrets', 'certificates', 'templates', 'rocketctl'],
  async check(facts) {
    const services = await facts.services();
    const notReady = services.filter((s) => !s.ready);
    if (notReady.length === 0) return ok(`${services.length} members ready`);
    return failed(notReady.map((s) => `${s.name}: ${s.state} (${s.detail})`).join('; '));
  },
  fix: { command: 'rocketctl up', apply: (context) => up(context).then(() => undefined) },
});
