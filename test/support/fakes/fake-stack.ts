import { createHash } from 'node:crypto';
import type { StackDriver, StartAction } from '../../../src/docker/stack-driver.js';
import type { StackEntry } from '../../../src/docker/stack-view.js';
import type { MemberName } from '../../../src/workers/descriptors.js';
import type { ProbeTarget, ServiceSpec } from '../../../src/services/spec.js';

/**
 * A StackDriver with no engine behind it: what each service's container would be is a record in memory. It
 * stands in for the engine only (create, start, keep by spec hash, inspect, remove, logs), so the commands'
 * own logic (up, status, down, logs, the checklist's resume) is tested without Docker. The services' real
 * specs and readiness checks still run: a check that asks the host reaches `hostEndpoint`, which the test
 * controls (no endpoint: "not probed from the host"; an error: the service is unhealthy); ZooKeeper's `srvr`
 * through exec is answered "Mode: follower", the workers member's `workers status` from `memberWorkers`.
 */
export interface FakeContainer {
  state: 'running' | 'stopped';
  /** sha256 of the spec as created (image, command, env, ports, file paths, modes and contents). */
  hash: string;
  /** How many times it was (re)created. */
  created: number;
}

export interface FakeStack extends StackDriver {
  readonly containers: Map<MemberName, FakeContainer>;
  readonly volumes: Set<string>;
  /** Every call, in order: `start kafka`, `inspect`, `remove volumes=false`… */
  readonly calls: string[];
  /** What `ready()` of a started service does: resolve, or fail with this error. */
  readiness: Partial<Record<MemberName, Error>>;
  /** What a probe of a running service meets: an error makes it unhealthy. */
  probeFailures: Partial<Record<MemberName, Error>>;
  /** Thrown by preflight (a busy port, a missing node). */
  preflightFailure: Error | null;
  /** What the workers member's own `workers status --json` answers (default: every worker running and healthy). */
  memberWorkers: { name: string; state: string; healthy: boolean; detail: string }[];
  /** Lines each service's log holds. */
  logLines: Partial<Record<MemberName, string[]>>;
  /** For CommandContext.connectStack. */
  connect(): Promise<StackDriver>;
}

async function specHash(spec: ServiceSpec): Promise<string> {
  const files = await Promise.all(spec.files.map(async (f) => ({ path: f.path, mode: f.mode, content: String(await f.read()) })));
  const { image, entrypoint, command, user, env, ports, dataDir } = spec;
  return createHash('sha256').update(JSON.stringify({ image, entrypoint, command, user, env, ports, dataDir, files })).digest('hex');
}

export function createFakeStack(): FakeStack {
  const containers = new Map<MemberName, FakeContainer>();
  const volumes = new Set<string>();
  const images = new Set<string>();
  const calls: string[] = [];
  const stack: FakeStack = {
    kind: 'docker',
    containers,
    volumes,
    calls,
    readiness: {},
    probeFailures: {},
    preflightFailure: null,
    logLines: {},
    memberWorkers: ['telemetry', 'observer', 'listener', 'guard'].map((name) => ({ name, state: 'running', healthy: true, detail: 'fake' })),
    connect: async () => stack,
    async preflight(shapes) {
      calls.push(`preflight ${shapes.map((s) => s.name).join(',')}`);
      if (stack.preflightFailure) throw stack.preflightFailure;
    },
    dataVolumes: async () => [...volumes].sort(),
    async ensureNetwork() {
      calls.push('network');
    },
    async start(spec) {
      calls.push(`start ${spec.name}`);
      const hash = await specHash(spec);
      const current = containers.get(spec.name);
      let action: StartAction;
      if (!current) action = 'created';
      else if (current.hash !== hash) action = 'recreated';
      else action = current.state === 'running' ? 'kept' : 'started';
      containers.set(spec.name, { state: 'running', hash, created: (current?.created ?? 0) + (action === 'created' || action === 'recreated' ? 1 : 0) });
      if (spec.dataDir) volumes.add(`fake-${spec.name}-data`);
      return {
        action,
        ready: async () => {
          const failure = stack.readiness[spec.name];
          if (failure) throw failure;
          return { seconds: 0, detail: 'ready (fake engine)' };
        },
      };
    },
    isRunning: async (service) => containers.get(service)?.state === 'running',
    async inspect(specs) {
      calls.push('inspect');
      return specs.map((spec): StackEntry => {
        const container = containers.get(spec.name);
        const base = { name: spec.name, container: container ? `fake-${spec.name}` : null, image: container ? spec.image : null };
        if (!container) return { spec, view: { ...base, state: 'missing', endpoints: {}, detail: 'no container (run rocketctl up)' }, probeTarget: () => null };
        if (container.state === 'stopped')
          return { spec, view: { ...base, state: 'stopped', endpoints: {}, detail: 'exited, exit code 137' }, probeTarget: () => null };
        const endpoints = Object.fromEntries(spec.ports.filter((p) => p.hostPort !== null).map((p) => [p.endpoint, `127.0.0.1:${p.hostPort}`]));
        return { spec, view: { ...base, state: 'running', endpoints, detail: 'running' }, probeTarget: (signal) => probeTarget(spec.name, signal) };
      });
    },
    async remove({ volumes: withVolumes }) {
      calls.push(`remove volumes=${withVolumes}`);
      const removed = [...containers.keys()].map((name) => `fake-${name}`);
      containers.clear();
      const kept = [...volumes].sort();
      if (withVolumes) volumes.clear();
      return {
        containers: removed,
        network: removed.length ? 'fake-net' : null,
        volumesRemoved: withVolumes ? kept : [],
        volumesKept: withVolumes ? [] : kept,
      };
    },
    async buildImage(build, options) {
      calls.push(`build ${build.tag}${options.force ? ' force' : ''}`);
      if (!options.force && images.has(build.tag)) return 'present';
      images.add(build.tag);
      return 'built';
    },
    async writeLogs(service, options, sinks) {
      calls.push(`logs ${service} follow=${options.follow} tail=${options.tail ?? 'all'}`);
      if (!containers.has(service)) throw new Error(`${service} has no container`);
      const lines = stack.logLines[service] ?? [];
      for (const line of options.tail === undefined ? lines : lines.slice(-options.tail || lines.length)) sinks.stdout.write(sinks.transform(`${line}\n`));
    },
  };
  const probeTarget = (name: MemberName, signal: AbortSignal): ProbeTarget => ({
    signal,
    hostEndpoint() {
      const failure = stack.probeFailures[name];
      if (failure) throw failure;
      return undefined;
    },
    async exec(command) {
      const failure = stack.probeFailures[name];
      if (failure) throw failure;
      const line = command.join(' ');
      // The two things asked inside containers: ZooKeeper's `srvr`, and the workers member's own status.
      const output = line.includes('srvr')
        ? 'Zookeeper version: fake\nMode: follower\n'
        : line.includes('workers status')
          ? JSON.stringify({ ok: stack.memberWorkers.every((w) => w.healthy), workers: stack.memberWorkers })
          : '';
      return { exitCode: 0, output, stdout: output };
    },
  });
  return stack;
}
