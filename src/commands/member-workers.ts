import { WORKER_NAMES, WORKERS_MEMBER, isWorkerName, type WorkerName } from '../workers/descriptors.js';
import { MEMBER_CLI } from '../workers/member/member-layout.js';
import { printableText } from '../shared/terminal-text.js';
import type { CommandContext } from './context.js';
import { openStack } from './open-stack.js';
import type { InspectedStack } from './status.js';
import { memberShapes } from './stack-members.js';
import type { WorkerStatus } from '../workers/worker-state.js';

export interface MemberReport {
  /** The member's own view of its workers, or why there is none. */
  workers: Map<WorkerName, WorkerStatus>;
  state: 'running' | 'stopped' | 'missing' | 'unreachable' | 'disabled';
  detail: string;
  /** The telemetry server as the host reaches it (its published endpoint), when the member serves it. */
  telemetryEndpoint: string | null;
}

const STATES = new Set(['running', 'stopped', 'stale']);

/** One worker of the member's JSON report, taken field by field (its text made safe to print), or null when malformed. */
function parseWorker(value: unknown): WorkerStatus | null {
  const w = value as Partial<WorkerStatus> | null;
  if (!w || typeof w.name !== 'string' || !isWorkerName(w.name) || !STATES.has(w.state as string) || typeof w.healthy !== 'boolean') return null;
  return {
    name: w.name,
    state: w.state!,
    healthy: w.healthy,
    pid: Number.isInteger(w.pid) ? w.pid! : null,
    endpoint: typeof w.endpoint === 'string' ? printableText(w.endpoint) : null,
    detail: printableText(String(w.detail ?? '')),
    ...(typeof w.startedAt === 'string' ? { startedAt: printableText(w.startedAt) } : {}),
    ...(typeof w.heartbeatAt === 'string' ? { heartbeatAt: printableText(w.heartbeatAt) } : {}),
    ...(w.metrics && typeof w.metrics === 'object' ? { metrics: w.metrics } : {}),
  };
}

/**
 * What the stack's workers member says of its workers: its own `workers status --json`, run inside its container
 * (read-only there too). On a host only; the member itself has no engine to ask. `stack`: a view of the stack the
 * caller already has (the checklist's shared one), so the member is neither inspected nor asked twice.
 */
export async function memberReport(context: CommandContext, stack?: () => Promise<InspectedStack>): Promise<MemberReport> {
  const none = (state: MemberReport['state'], detail: string): MemberReport => ({ workers: new Map(), state, detail, telemetryEndpoint: null });
  const shape = memberShapes(context.config).find((spec) => spec.name === WORKERS_MEMBER);
  if (!shape) return none('disabled', 'every worker is disabled in the config');
  let entry;
  try {
    entry = stack ? (await stack()).entries.find((e) => e.spec.name === WORKERS_MEMBER) : (await (await openStack(context)).inspect([shape]))[0];
  } catch (error) {
    if ((error as Error).name === 'InterruptedError') throw error;
    return none('unreachable', `the engine did not answer: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!entry || entry.view.state !== 'running') return none(entry?.view.state ?? 'missing', entry?.view.detail ?? 'no container');
  const published = entry.view.endpoints.http;
  const telemetryEndpoint = published ? `http://${published}` : null;
  try {
    const { stdout } = await entry.probeTarget(context.signal)!.exec([...MEMBER_CLI, '--json', 'workers', 'status']);
    const parsed = JSON.parse(stdout) as { workers?: unknown[] };
    const workers = new Map<WorkerName, WorkerStatus>();
    for (const raw of parsed.workers ?? []) {
      const worker = parseWorker(raw);
      if (worker && WORKER_NAMES.includes(worker.name))
        workers.set(worker.name, { ...worker, ...(worker.name === 'telemetry' && telemetryEndpoint ? { endpoint: telemetryEndpoint } : {}) });
    }
    return { workers, state: 'running', detail: 'running', telemetryEndpoint };
  } catch (error) {
    if ((error as Error).name === 'InterruptedError') throw error;
    return none('unreachable', `its \`workers status\` did not answer: ${(error as Error).message.split('\n')[0]}`);
  }
}
