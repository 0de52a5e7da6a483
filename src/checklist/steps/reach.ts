import type { ServiceName } from '../../services/descriptors.js';
import { parseHostPort } from '../../shared/host-port.js';
import type { ChecklistFacts } from '../facts.js';
import { failed, type CheckOutcome } from '../step.js';

export type Reach = { ca: string; address: string; host: string; port: number; hostname: string } | { outcome: CheckOutcome };

/** What a TLS step needs to reach a service from this host: skipped when disabled, failed when it cannot be reached. */
export async function reach(facts: ChecklistFacts, service: ServiceName, endpoint: string): Promise<Reach> {
  const settings = facts.context.config.services[service];
  if (!settings.enabled) return { outcome: { status: 'skipped', cause: 'disabled in the config' } };
  const [ca, stack] = await Promise.all([facts.ca(), facts.stack()]);
  if (!ca) return { outcome: failed('the CA certificate is missing') };
  const address = stack.entries.find((e) => e.spec.name === service)?.view.endpoints[endpoint];
  if (!address) return { outcome: failed(`${service} is not running with its ${endpoint} port published`) };
  return { ca, address, ...parseHostPort(address), hostname: settings.hostname };
}
