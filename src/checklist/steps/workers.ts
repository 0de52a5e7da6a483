import { defineStep } from '../step.js';
import { checkWorkers } from './worker-check.js';

/**
 * The observer and listener workers running and healthy. Workers run in the foreground of their own process,
 * so `--resume` cannot start them: the fix is shown, not applied.
 */
export const workersStep = defineStep({
  id: 'workers',
  title: 'observer and listener workers running and healthy',
  inputs: ['config'],
  check: (facts) => checkWorkers(facts, ['observer', 'listener']),
  fix: { command: 'rocketctl workers start observer listener (in its own terminal or service unit)' },
});
