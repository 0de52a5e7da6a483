import { defineStep } from '../step.js';
import { up } from '../../commands/up.js';
import { WORKER_NAMES, WORKERS_MEMBER } from '../../workers/descriptors.js';
import { checkWorkers } from './worker-check.js';

/** Every enabled worker running and healthy, in the stack's workers member: `--resume` repairs it with `up`. */
export const workersStep = defineStep({
  id: 'workers',
  title: 'every enabled worker running and healthy',
  // The workers reconnect with back-off (capped at 10-30 s) after a broker or CouchDB comes back.
  settleMs: 60_000,
  inputs: ['config', 'rocketctl'],
  check: (facts) => checkWorkers(facts, WORKER_NAMES),
  fix: { command: 'rocketctl up workers', apply: (context) => up(context, { services: [WORKERS_MEMBER] }).then(() => undefined) },
});
