import { defineStep } from '../step.js';
import { WORKER_NAMES } from '../../workers/descriptors.js';
import { checkWorkers } from './worker-check.js';

/**
 * Every enabled worker running and healthy. Workers run in the foreground of their own process, so `--resume`
 * cannot start them: the fix is shown, not applied.
 */
export const workersStep = defineStep({
  id: 'workers',
  title: 'every enabled worker running and healthy',
  inputs: ['config'],
  check: (facts) => checkWorkers(facts, WORKER_NAMES),
  fix: { command: 'rocketctl workers start (in its own terminal or service unit)' },
});
