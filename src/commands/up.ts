import { readFile } from 'node:fs/promises';
import type { ListrTask } from 'listr2';
import { isServiceName } from '../services/descriptors.js';
import { WORKERS_MEMBER, type MemberName } from '../workers/descriptors.js';
import { openStack } from './open-stack.js';
import type { StackDriver, StartAction } from '../docker/stack-driver.js';
import { ensureSecrets, validateSecretOverrides } from '../secrets/secrets.js';
import { SERVICE_BEHAVIOURS } from '../services/behaviours.js';
import type { ServiceSpec } from '../services/spec.js';
import { OperationError, throwIfAborted } from '../shared/errors.js';
import { runTasks } from '../shared/progress.js';
import { certsGen } from './certs-gen.js';
import { caCertFile } from '../tls/material-plan.js';
import type { CommandContext } from './context.js';
import { refuseForegroundWorkers } from './foreground-workers.js';
import { isWorkersMember, memberShapes, memberSpecs, workersImage } from './stack-members.js';
import { selectSpecs } from './up-plan.js';

export interface ServiceUpResult {
  name: MemberName;
  action: StartAction;
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

/**
 * `rocketctl up [SERVICE...]`: preflight (overrides, services, engine, ports) before any file is written, then
 * secrets and certificates,
 * network and containers in dependency order, independent services in parallel, each judged ready at the
 * protocol level. Idempotent: an unchanged service is kept as it is.
 */
export async function up(context: CommandContext, options: { services?: string[] } = {}): Promise<UpResult> {
  const { config, signal, log } = context;
  const started = Date.now();
  // Preflight before any file is written: overrides, the services asked for, the engine, the host ports.
  validateSecretOverrides(context.env);
  const wanted = new Set(selectSpecs(config, memberShapes(config), options.services ?? []).map((spec) => spec.name));
  const withWorkers = wanted.has(WORKERS_MEMBER);
  if (withWorkers) await refuseForegroundWorkers(config);
  const image = withWorkers ? workersImage(config) : null;
  const stack = await openStack(context);
  const shapes = memberShapes(config, image?.tag).filter((spec) => wanted.has(spec.name));
  await stack.preflight(shapes);
  throwIfAborted(signal);
  const secrets = await ensureSecrets(context, { dataVolumes: await stack.dataVolumes() });
  await certsGen(context);
  const caPem = await readFile(caCertFile(config), 'utf8');
  const specs = memberSpecs({ config, secrets, caPem }, image?.tag).filter((spec) => wanted.has(spec.name));
  await stack.ensureNetwork();

  const ready = new Map(specs.map((spec) => [spec.name, deferred()]));
  const results: ServiceUpResult[] = [];
  const tasks: ListrTask<object>[] = specs.map((spec) => ({
    title: spec.name,
    task: async (_ctx, task) => {
      const gate = ready.get(spec.name)!;
      try {
        await waitForDependencies(spec, ready, (line) => (task.output = `${spec.name}: ${line}`));
        await runBeforeStart(spec, context, stack);
        // On a Swarm the image must already be on the member's node (the preflight says so, with the fix).
        if (isWorkersMember(spec) && image?.recipe && stack.kind === 'docker') {
          task.output = `${spec.name}: image ${image.tag}`;
          const built = await stack.buildImage(image.recipe, { onProgress: (line) => (task.output = `${spec.name}: build: ${line.slice(0, 120)}`) });
          if (built === 'built') log.info(`${spec.name}: built image ${image.tag} from this rocketctl`);
        }
        task.output = `${spec.name}: ${stack.kind === 'swarm' ? 'service' : 'container'}`;
        const { action, ready: waitUntilReady } = await stack.start(spec, { log, onProgress: (line) => (task.output = `${spec.name}: ${line}`) });
        task.output = `${spec.name}: ${action}; waiting: ${spec.readiness.description}`;
        const outcome = await waitUntilReady();
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
    const reasons = await Promise.all(
      failed.map(async (spec) => {
        const error = (await ready.get(spec.name)!.promise.catch((e: unknown) => e)) as (Error & { hint?: string }) | undefined;
        const message = (error?.message ?? 'failed').replace(new RegExp(`^${spec.name}: `), '');
        return `  - ${spec.name}: ${message}${error?.hint ? `\n    fix: ${error.hint}` : ''}`;
      }),
    );
    throw new OperationError(
      `not ready: ${failed.map((s) => s.name).join(', ')}\n${reasons.join('\n')}`,
      'fix each failure as shown and run `rocketctl up` again: what is ready is kept',
    );
  }
  const order = new Map(specs.map((spec, i) => [spec.name, i]));
  return { services: results.sort((a, b) => order.get(a.name)! - order.get(b.name)!), seconds: (Date.now() - started) / 1000 };
}

/** The service module's hook (Kafka: its admin credential in ZooKeeper), after the dependencies are ready. */
async function runBeforeStart(spec: ServiceSpec, context: CommandContext, stack: StackDriver): Promise<void> {
  const load = isServiceName(spec.name) ? SERVICE_BEHAVIOURS[spec.name].beforeStart : undefined;
  if (!load) return;
  const hook = await load();
  await hook({ ...context, isRunning: () => stack.isRunning(spec.name) });
}

async function waitForDependencies(spec: ServiceSpec, ready: Map<MemberName, Deferred>, show: (line: string) => void): Promise<void> {
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
