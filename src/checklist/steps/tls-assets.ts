import { certsGen } from '../../commands/certs-gen.js';
import { certsList } from '../../commands/certs-list.js';
import { failed, ok, defineStep } from '../step.js';

/** Every certificate, key and Java store valid, not expiring within the renewal window, modes right. */
export const tlsAssets = defineStep({
  id: 'tls-assets',
  title: 'TLS material valid (certificates, keys, Java stores, modes)',
  // Nothing it checks heals by waiting.
  settleMs: 0,
  inputs: ['config', 'secrets', 'certificates'],
  async check(facts) {
    const { certificates, stores } = await certsList(facts.context);
    const bad = [...certificates, ...stores].filter((item) => item.status !== 'ok');
    if (bad.length === 0) return ok(`${certificates.length} certificates and ${stores.length} stores ok`);
    return failed(bad.map((item) => `${item.id}: ${item.status}${item.reason ? ` (${item.reason})` : ''}`).join('; '));
  },
  fix: { command: 'rocketctl certs gen', apply: (context) => certsGen(context).then(() => undefined) },
});
