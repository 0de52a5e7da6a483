import { readFile } from 'node:fs/promises';
import type { ListrTask } from 'listr2';
import { ensureSecrets } from '../secrets/secrets.js';
import { rotateRolePasswords } from '../seed/rotate-role-passwords.js';
import type { StoreOutcome, StoreTarget } from '../seed/store-target.js';
import { OperationError, RocketError, throwIfAborted } from '../shared/errors.js';
import { runTasks } from '../shared/progress.js';
import { caCertFile } from '../tls/material-plan.js';
import { parseHostPort } from '../shared/host-port.js';
import { SERVICES, serviceModule, type ServiceName } from '../services/registry.js';
import type { CommandContext } from './context.js';
import { serviceContainers, type ServiceContainer } from './status.js';

/** The services that hold data, in registry order: each module says how it is seeded. */
const STORES = SERVICES.filter((service) => service.seed !== undefined).map((service) => service.name);

export type StoreName = ServiceName;
export type StoreSeedResult = { store: StoreName; state: 'seeded' } & StoreOutcome | { store: StoreName; state: 'skipped'; reason: string };

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
        const target = targetFor(store, live.get(store), { ca, secrets, certsDir: config.certsDir, signal, servername: config.services[store].hostname, progress: (line) => (task.output = `${store}: ${line}`) });
        const seedStore = await serviceModule(store).seed!.load();
        const outcome = await seedStore(target);
        results.push({ store, state: 'seeded', ...outcome });
        task.title = `${store}: ${describeOutcome(outcome)}`;
      } catch (error) {
        failures.push(explainFailure(store, error));
        throw failures.at(-1);
      }
    },
  }));
  await runTasks(tasks, { concurrent: true, context: {} });
  throwIfAborted(signal);
  for (const store of STORES) {
    if (!config.services[store].enabled) results.push({ store, state: 'skipped', reason: 'disabled in the config' });
  }
  const order: string[] = STORES;
  results.sort((a, b) => order.indexOf(a.store) - order.indexOf(b.store));
  if (failures.length > 0) {
    const lines = failures.map((f) => `  - ${f.message}${f.hint ? `\n    fix: ${f.hint}` : ''}`);
    const done = results.filter((r) => r.state === 'seeded').map((r) => r.store);
    throw new OperationError(`seed failed for ${failures.length} store(s)${done.length ? ` (seeded: ${done.join(', ')})` : ''}:\n${lines.join('\n')}`, 'fix each store as shown, then run `rocketctl seed` again: what is seeded is kept and only the rest is done');
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

function targetFor(store: StoreName, service: ServiceContainer | undefined, rest: Omit<StoreTarget, 'host' | 'port'>): StoreTarget {
  if (!service || service.state === 'missing' || service.state === 'stopped') {
    throw new OperationError(`${store} is not running (${service?.detail ?? 'no container'})`, `run \`rocketctl up ${store}\`, then \`rocketctl seed\` again`);
  }
  const endpoint = serviceModule(store).seed!.endpoint;
  const address = service.endpoints[endpoint];
  if (!address) {
    throw new OperationError(`${store}: its ${endpoint} port is not published, so seed cannot reach it from this host`, `publish it (services.${store}.ports.${endpoint} in the config), run \`rocketctl up\`, then \`rocketctl seed\``);
  }
  return { ...rest, ...parseHostPort(address) };
}

function explainFailure(store: StoreName, error: unknown): OperationError {
  const message = (error as Error).message ?? String(error);
  const text = message.startsWith(store) ? message : `${store}: ${message}`;
  if (error instanceof RocketError) return new OperationError(text, error.hint, { cause: error });
  const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timeout|timed out|All host\(s\) tried|Connection terminated/i.test(message);
  const hint = unreachable
    ? `${store} did not answer: check \`rocketctl status\`, run \`rocketctl up ${store}\`, then \`rocketctl seed\` again`
    : `fix the cause shown, then run \`rocketctl seed\` again (\`rocketctl logs ${store}\` shows the server's side)`;
  return new OperationError(text, hint, { cause: error });
}
