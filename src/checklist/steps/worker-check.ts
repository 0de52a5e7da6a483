import type { WorkerName } from '../../workers/descriptors.js';
import type { ChecklistFacts } from '../facts.js';
import { failed, ok, type CheckOutcome } from '../step.js';

/**
 * The workers' own status (runtime file, heartbeat, live probe) of those the config enables: green only when
 * every one runs and is healthy; skipped when the config turns them all off.
 */
export async function checkWorkers(facts: ChecklistFacts, names: readonly WorkerName[]): Promise<CheckOutcome> {
  const { config } = facts.context;
  const enabled = names.filter((name) => config.workers[name].enabled);
  if (enabled.length === 0) return { status: 'skipped', cause: `disabled in the config (workers.${names.join(', workers.')}.enabled)` };
  const statuses = (await facts.workers()).filter((status) => enabled.includes(status.name));
  const bad = statuses.filter((s) => s.state !== 'running' || !s.healthy);
  if (bad.length === 0) return ok(statuses.map((s) => `${s.name}: ${s.detail}`).join('; '));
  return failed(bad.map((s) => `${s.name}: ${s.state}${s.healthy ? '' : ', unhealthy'} (${s.detail})`).join('; '));
}
