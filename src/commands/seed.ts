import { readFile } from 'node:fs/promises';
import type { ListrTask } from 'listr2';
import { ensureSecrets } from '../secrets/secrets.js';
import { rotateRolePasswords } from '../seed/rotate-role-passwords.js';
import type { StoreOutcome } from '../seed/store-target.js';
import { OperationError, throwIfAborted } from '../shared/errors.js';
import { runTasks } from '../shared/progress.js';
import { caCertFile } from '../tls/material-plan.js';
import { seedBehaviour } from '../services/behaviours.js';
import type { ServiceName } from '../services/descriptors.js';
import { SEED_STORES, explainStoreFailure, storeTarget } from '../seed/store-targets.js';
import type { CommandContext } from './context.js';
import { serviceContainers } from './status.js';

const STORES = SEED_STORES;

export type StoreName = ServiceName;
export type StoreSeedResult = ({ store: StoreName; state: 'seeded' } & StoreOutcome) | { store: StoreName; state: 'skipped'; reason: string };

export interface SeedResult {
  stores: StoreSeedResult[];
  /** Secrets given new values by --rotate. */
  rotated: string[];
  seconds: number;
}

/**
 * `rocketctl seed [--rotate]`: schemas and least-privilege roles in every enabled store, in parallel. Idempotent;
 * an unreachable store fails on its own (exit 1 at the end) while the others are seeded, and a re-run finishes it.
 */
export async function seed(context: CommandContext, options: { rotate?: boolean } = {}): Promise<SeedResult> {
  const { config, signal } = context;
  const started = Date.now();
  const rotated = options.rotate ? await rotateRolePasswords(context) : [];
  const secrets = await ensureSecrets(context);
  const caFile = caCertFile(config);
  const ca = await readFile(caFile, 'utf8').catch(() => {
    throw new OperationError(`no CA certificate at ${caFile}`, 'run `rocketctl up` first (it makes the certificates and starts the stores)');
  });
  // Where each store is, from the engine; no readiness probes: seeding itself shows whether a store answers.
  const live = new Map((await serviceContainers(context)).map((service) => [service.name, service]));
  const results: StoreSeedResult[] = [];
  const failures: OperationError[] = [];
  const tasks: ListrTask<object>[] = STORES.map((store) => ({
    title: store,
    skip: () => (config.services[store].enabled ? false : 'disabled in the config, not seeded'),
    task: async (_ctx, task) => {
      try {
        const target = storeTarget(
          store,
          live.get(store),
          {
            ca,
            secrets,
            certsDir: config.certsDir,
            signal,
            servername: config.services[store].hostname,
            progress: (line) => (task.output = `${store}: ${line}`),
          },
          'rocketctl seed',
        );
        const seedStore = await seedBehaviour(store).load();
        const outcome = await seedStore(target);
        results.push({ store, state: 'seeded', ...outcome });
        task.title = `${store}: ${describeOutcome(outcome)}`;
      } catch (error) {
        failures.push(explainStoreFailure(store, error, 'rocketctl seed'));
        throw failures.at(-1);
      }
    },
  }));
  await runTasks(tasks, { concurrent: true, context: {} });
  throwIfAborted(signal);
  for (const store of STORES) {
    if (!config.services[store].enabled) results.push({ store, state: 'skipped', reason: 'disabled in the config' });
  }
  const order: readonly string[] = STORES;
  results.sort((a, b) => order.indexOf(a.store) - order.indexOf(b.store));
  if (failures.length > 0) {
    const lines = failures.map((f) => `  - ${f.message}${f.hint ? `\n    fix: ${f.hint}` : ''}`);
    const done = results.filter((r) => r.state === 'seeded').map((r) => r.store);
    throw new OperationError(
      `seed failed for ${failures.length} store(s)${done.length ? ` (seeded: ${done.join(', ')})` : ''}:\n${lines.join('\n')}`,
      'fix each store as shown, then run `rocketctl seed` again: what is seeded is kept and only the rest is done',
    );
  }
  return { stores: results, rotated, seconds: (Date.now() - started) / 1000 };
}

export function describeOutcome(outcome: StoreOutcome): string {
  const parts = [
    outcome.migrationsApplied.length ? `applied ${outcome.migrationsApplied.join(', ')}` : '',
    outcome.rolesCreated.length ? `created ${outcome.rolesCreated.join(', ')}` : '',
    outcome.passwordsSet.length ? `set the password of ${outcome.passwordsSet.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `seeded (${parts.join('; ')})` : 'already seeded, nothing changed';
}
