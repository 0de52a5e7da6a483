import { seed } from '../../commands/seed.js';
import { SEED_STORES, explainStoreFailure, storeTarget } from '../../seed/store-targets.js';
import { verificationProblems } from '../../seed/store-verification.js';
import { seedBehaviour } from '../../services/behaviours.js';
import { failed, ok, defineStep } from '../step.js';
import { isStoredStateError } from './stored-state.js';

/** In every enabled store: every migration applied, both roles present, and least privilege holds (refused writes and reads included). */
export const schemasUsers = defineStep({
  id: 'schemas-users',
  title: 'schemas applied, both roles present, least privilege holds',
  inputs: ['config', 'secrets', 'templates'],
  async check(facts) {
    const { config, signal } = facts.context;
    const [secrets, ca, stack] = await Promise.all([facts.secrets(), facts.ca(), facts.stack()]);
    if (!secrets || !ca) return failed('the secrets file or the CA certificate is missing');
    const stores = SEED_STORES.filter((store) => config.services[store].enabled);
    const outcomes = await Promise.all(
      stores.map(async (store) => {
        try {
          const view = stack.entries.find((e) => e.spec.name === store)?.view;
          const target = storeTarget(
            store,
            view,
            { ca, secrets, certsDir: config.certsDir, signal, servername: config.services[store].hostname, progress: () => undefined },
            'rocketctl checklist',
          );
          const verify = await seedBehaviour(store).verify();
          const result = await verify(target);
          // Read from a store that answered: what is missing stays missing until seed makes it.
          return { store, problems: verificationProblems(result), notes: result.notes, lasting: true };
        } catch (error) {
          if ((error as Error).name === 'InterruptedError') throw error;
          const problem = explainStoreFailure(store, error, 'rocketctl checklist').message.replace(`${store}: `, '');
          return { store, problems: [problem], notes: [], lasting: isStoredStateError(error) };
        }
      }),
    );
    const bad = outcomes.filter((o) => o.problems.length > 0);
    if (bad.length > 0) {
      const outcome = failed(bad.map((o) => `${o.store}: ${o.problems.join('; ')}`).join(' | '));
      return bad.every((o) => o.lasting) ? { ...outcome, lasting: true } : outcome;
    }
    const notes = outcomes.flatMap((o) => o.notes.map((n) => `${o.store}: ${n}`));
    return ok(`${stores.join(', ')} verified${notes.length ? ` (${notes.join('; ')})` : ''}`);
  },
  fix: { command: 'rocketctl seed', apply: (context) => seed(context).then(() => undefined) },
});
