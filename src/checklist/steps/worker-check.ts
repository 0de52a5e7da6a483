import { inspectWorker } from '../../commands/workers-status.js';
import { isBuilt } from '../../workers/registry.js';
import type { WorkerName } from '../../workers/worker.js';
import type { ChecklistFacts } from '../facts.js';
import { failed, ok, type CheckOutcome } from '../step.js';

/** The workers' own status (runtime file, heartbeat, live probe): green only when every one runs and is healthy. */
export async function checkWorkers(facts: ChecklistFacts, names: readonly WorkerName[]): Promise<CheckOutcome> {
  const unbuilt = names.filter((name) => !isBuilt(name));
  if (unbuilt.length > 0) return { status: 'pending', cause: `not built: ${unbuilt.join(', ')}` };
  const statuses = await Promise.all(names.map((name) => inspectWorker(facts.context.config, name, facts.context.signal)));
  const bad = statuses.filter((s) => s.state !== 'running' || !s.healthy);
  if (bad.length === 0) return ok(statuses.map((s) => `${s.name}: ${s.detail}`).join('; '));
  return failed(bad.map((s) => `${s.name}: ${s.state}${s.healthy ? '' : ', unhealthy'} (${s.detail})`).join('; '));
}
