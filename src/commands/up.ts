import { readFile } from 'node:fs/promises';
import type { ListrTask } from 'listr2';
import type { ServiceName } from '../config/service-names.js';
import { connectEngine } from '../docker/engine.js';
import { ensureContainer, type ContainerAction } from '../docker/ensure-container.js';
import { ensureNetwork } from '../docker/network-and-volumes.js';
import { assertPortsFree } from '../docker/port-preflight.js';
import { waitReady } from '../docker/wait-ready.js';
import { ensureSecrets } from '../secrets/secrets.js';
import { buildSpecs } from '../services/build-specs.js';
import type { ServiceSpec } from '../services/spec.js';
import { OperationError, throwIfAborted } from '../shared/errors.js';
import { runTasks } from '../shared/progress.js';
import { certsGen } from './certs-gen.js';
import { caCertFile } from '../tls/material-plan.js';
import type { CommandContext } from './context.js';
import { selectSpecs } from './up-plan.js';

export interface ServiceUpResult {
  name: ServiceName;
  action: ContainerAction;
  /** Seconds from the start of `up` until this service was ready. */
  readyAt: number;
  /** Seconds spent waiting for its own readiness. */
  readySeconds: number;
  detail: string;
}

export interface UpResult {
  services: ServiceUpResult[];
  seconds: number;
}

/** Hooks that must run after a service's dependencies are ready and before it starts (Kafka's admin credential). */
export type BeforeStartHooks = Partial<Record<ServiceName, () => Promise<void>>>;

/**
 * `rocketctl up [SERVICE...]`: preflight (engine, certs, secrets, ports) before anything is created, then
 * network and containers in dependency order, independent services in parallel, each judged ready at the
 * protocol level. Idempotent: an unchanged service is kept as it is.
 */
export async function up(context: CommandContext, options: { services?: string[]; beforeStart?: BeforeStartHooks } = {}): Promise<UpResult> {
  const { config, signal, log } = context;
  const started = Date.now();
  const secrets = await ensureSecrets(config.stateDir, { env: context.env, log });
  await certsGen(context);
  const caPem = await readFile(caCertFile(config), 'utf8');
  const specs = selectSpecs(config, buildSpecs({ config, secrets, caPem }), options.services ?? []);
  const engine = await connectEngine();
  await assertPortsFree(engine, specs, config.project, config.bindAddress);
  throwIfAborted(signal);
  await ensureNetwork(engine, config.project);

  const stack = { project: config.project, bindAddress: config.bindAddress };
  const ready = new Map(specs.map((spec) => [spec.name, deferred()]));
  const results: ServiceUpResult[] = [];
  const tasks: ListrTask<object>[] = specs.map((spec) => ({
    title: spec.name,
    task: async (_ctx, task) => {
      const gate = ready.get(spec.name)!;
      try {
        await waitForDependencies(spec, ready, (line) => (task.output = `${spec.name}: ${line}`));
        await options.beforeStart?.[spec.name]?.();
        task.output = `${spec.name}: container`;
        const { container, action } = await ensureContainer(engine, spec, stack, { signal, log, onProgress: (line) => (task.output = `${spec.name}: pull ${line}`) });
        task.output = `${spec.name}: ${action}; waiting: ${spec.readiness.description}`;
        const outcome = await waitReady(container, spec, signal);
        results.push({ name: spec.name, action, readyAt: (Date.now() - started) / 1000, readySeconds: outcome.seconds, detail: outcome.detail });
        task.title = `${spec.name}: ${action}, ready in ${outcome.seconds.toFixed(1)} s (${outcome.detail})`;
        gate.resolve();
      } catch (error) {
        gate.reject(error);
        throw error;
      }
    },
  }));
  await runTasks(tasks, { concurrent: true, context: {} });
  throwIfAborted(signal);
  const failed = specs.filter((spec) => !results.some((r) => r.name === spec.name));
  if (failed.length > 0) {
    const reasons = await Promise.all(failed.map(async (spec) => `${spec.name}: ${(await ready.get(spec.name)!.promise.catch((e: Error) => e))?.message ?? 'failed'}`));
    throw new OperationError(`not ready: ${failed.map((s) => s.name).join(', ')}\n${reasons.map((r) => `  - ${r}`).join('\n')}`, 'fix the first failure above and run `rocketctl up` again: what is ready is kept');
  }
  const order = new Map(specs.map((spec, i) => [spec.name, i]));
  return { services: results.sort((a, b) => order.get(a.name)! - order.get(b.name)!), seconds: (Date.now() - started) / 1000 };
}

async function waitForDependencies(spec: ServiceSpec, ready: Map<ServiceName, Deferred>, show: (line: string) => void): Promise<void> {
  const pending = spec.dependsOn.filter((name) => ready.has(name));
  if (pending.length === 0) return;
  show(`waiting for ${pending.join(', ')}`);
  try {
    await Promise.all(pending.map((name) => ready.get(name)!.promise));
  } catch (error) {
    throw new OperationError(`not started: a dependency failed (${(error as Error).message.split('\n')[0]})`);
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
